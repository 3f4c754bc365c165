package io.trinity.driver.spark;

import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.CollectionAccumulator;

/**
 * What one part of a round counts on the executors, apart from the other parts: its code grading and the
 * score-function sums of its sampling coordinators. Spark keeps the additions of successful attempts only.
 */
final class PartCounters implements Serializable {
  private final CodeAccumulators code;
  private final CollectionAccumulator<ScoreSums> scores;

  private PartCounters(CodeAccumulators code, CollectionAccumulator<ScoreSums> scores) {
    this.code = code;
    this.scores = scores;
  }

  static PartCounters register(JavaSparkContext spark) {
    return new PartCounters(CodeAccumulators.register(spark),
        spark.sc().collectionAccumulator("score-function sums"));
  }

  CodeAccumulators code() {
    return code;
  }

  CollectionAccumulator<ScoreSums> scores() {
    return scores;
  }
}
