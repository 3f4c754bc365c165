package io.trinity.driver.evaluate;

import io.trinity.driver.config.ConfigException;
import io.trinity.driver.eval.QuestionRecord;
import io.trinity.driver.io.RunDirectory;
import java.util.ArrayList;
import java.util.List;

/**
 * What an evaluation has played so far, kept in its output folder so that {@code --resume} goes on where a spent
 * budget or a crash stopped it: the plan it plays ({@code evaluation-plan.json}: heads, questions, pool,
 * baselines, statistics) and one file of records per chunk played ({@code state/part-NNNNN.jsonl}, each written
 * whole). A resume must play the same plan, or its records would mix two evaluations.
 */
final class EvaluationState {
  static final String PLAN = "evaluation-plan.json";
  private static final String FOLDER = "state";

  private final RunDirectory out;
  private int parts;

  private EvaluationState(RunDirectory out, int parts) {
    this.out = out;
    this.parts = parts;
  }

  /** A new evaluation in {@code out}, which must not hold one yet. */
  static EvaluationState start(RunDirectory out, String plan) {
    if (out.exists(PLAN)) {
      throw new ConfigException(out.location() + " already holds an evaluation (" + PLAN + "); pass --resume to "
          + "continue it or choose another --out");
    }
    out.writeString(PLAN, plan);
    return new EvaluationState(out, 0);
  }

  /** The evaluation in {@code out}, which must have been started with the same plan. */
  static EvaluationState resume(RunDirectory out, String plan) {
    if (!out.exists(PLAN)) {
      throw new ConfigException("--resume: " + out.location() + " holds no " + PLAN);
    }
    if (!out.readString(PLAN).equals(plan)) {
      throw new ConfigException("--resume: " + out.location() + "/" + PLAN + " describes another evaluation (other "
          + "heads, questions, pool, baselines or statistics); resume with the same config, or choose another --out");
    }
    return new EvaluationState(out, out.list(FOLDER).size());
  }

  List<QuestionRecord> played() {
    List<QuestionRecord> records = new ArrayList<>();
    for (String part : out.list(FOLDER)) {
      String name = FOLDER + "/" + part;
      records.addAll(RecordFiles.readJsonLines(out.readString(name), out.location() + "/" + name));
    }
    return records;
  }

  void save(List<QuestionRecord> records) {
    out.write(String.format("%s/part-%05d.jsonl", FOLDER, parts++), stream -> stream.write(
        RecordFiles.jsonLines(records)));
  }
}
