package io.trinity.driver.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.trinity.driver.eval.QuestionRecord;
import io.trinity.driver.io.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The per-question records as files: JSON Lines for people and scripts, Parquet (written by Spark) for queries. */
final class RecordFiles {
  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  /** The Parquet columns, named as in the JSON Lines. */
  static final StructType SCHEMA = new StructType()
      .add("policy", DataTypes.StringType, false)
      .add("kind", DataTypes.StringType, false)
      .add("task_id", DataTypes.StringType, false)
      .add("category", DataTypes.StringType, false)
      .add("answer", DataTypes.StringType, true)
      .add("correct", DataTypes.BooleanType, false)
      .add("turns", DataTypes.IntegerType, false)
      .add("models", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("roles", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("calls", DataTypes.IntegerType, false)
      .add("prompt_tokens", DataTypes.LongType, false)
      .add("completion_tokens", DataTypes.LongType, false)
      .add("cost_usd", DataTypes.DoubleType, false)
      .add("latency_ms", DataTypes.LongType, false)
      .add("transcript", DataTypes.createArrayType(new StructType()
          .add("model", DataTypes.StringType, false)
          .add("role", DataTypes.StringType, false)
          .add("reply", DataTypes.StringType, false), false), true);

  private RecordFiles() {}

  static byte[] jsonLines(List<QuestionRecord> records) {
    StringBuilder lines = new StringBuilder();
    try {
      for (QuestionRecord record : records) {
        lines.append(JSON.writeValueAsString(record)).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines.toString().getBytes(StandardCharsets.UTF_8);
  }

  static List<QuestionRecord> readJsonLines(String text, String source) {
    List<QuestionRecord> records = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      try {
        records.add(JSON.readValue(lines[i], QuestionRecord.class));
      } catch (IOException e) {
        throw new UncheckedIOException(source + ":" + (i + 1) + ": not a question record: " + e.getMessage(), e);
      }
    }
    return records;
  }

  /** Writes {@code records} as one Parquet file in {@code name}, a folder of {@code out}, replacing it. */
  static void parquet(JavaSparkContext spark, RunDirectory out, String name, List<QuestionRecord> records) {
    List<Row> rows = new ArrayList<>(records.size());
    for (QuestionRecord r : records) {
      rows.add(RowFactory.create(r.policy(), r.kind().name(), r.taskId(), r.category(), r.answer(), r.correct(),
          r.turns(), r.models(), r.roles(), r.calls(), r.promptTokens(), r.completionTokens(), r.costUsd(),
          r.latencyMs(), r.transcript() == null ? null : r.transcript().stream()
              .map(t -> RowFactory.create(t.model(), t.role(), t.reply())).toList()));
    }
    SparkSession session = SparkSession.builder().sparkContext(spark.sc()).getOrCreate();
    session.createDataFrame(rows, SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite)
        .parquet(out.location() + "/" + name);
  }
}
