package io.trinity.driver.spark;

import io.trinity.fitness.grade.CodeTally;
import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The Spark accumulators a round's code grading is counted in: each Spark task adds its {@link CodeTally}, and
 * Spark keeps the additions of successful attempts only, as it does for every counter of a round.
 */
final class CodeAccumulators implements Serializable {
  private final LongAccumulator runs;
  private final LongAccumulator cacheHits;
  private final LongAccumulator sandboxFailures;

  private CodeAccumulators(LongAccumulator runs, LongAccumulator cacheHits, LongAccumulator sandboxFailures) {
    this.runs = runs;
    this.cacheHits = cacheHits;
    this.sandboxFailures = sandboxFailures;
  }

  static CodeAccumulators register(JavaSparkContext spark) {
    return new CodeAccumulators(spark.sc().longAccumulator("code runs"),
        spark.sc().longAccumulator("code grade cache hits"), spark.sc().longAccumulator("sandbox failures"));
  }

  void add(CodeTally tally) {
    runs.add(tally.runs());
    cacheHits.add(tally.cacheHits());
    sandboxFailures.add(tally.sandboxFailures());
  }

  CodeGrading value() {
    return new CodeGrading(runs.value(), cacheHits.value(), sandboxFailures.value());
  }
}
