package io.trinity.driver.spark;

import io.trinity.driver.config.ConfigException;
import io.trinity.driver.config.SparkSection;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Builds the job's Spark context: Kryo with every shipped class registered, the config's settings on top. */
public final class SparkContexts {
  static final String REFERENCE_TRACKING = "spark.kryo.referenceTracking";

  private SparkContexts() {}

  public static SparkConf conf(SparkSection spark) {
    SparkConf conf = new SparkConf()
        .setIfMissing("spark.master", spark.master())
        .setIfMissing("spark.app.name", spark.appName())
        .setIfMissing("spark.ui.showConsoleProgress", "false")
        .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .set("spark.kryo.registrator", TrinityKryoRegistrator.class.getName())
        .set("spark.kryo.registrationRequired", "true");
    spark.conf().forEach(conf::set);
    if (!conf.getBoolean(REFERENCE_TRACKING, true)) {
      throw new ConfigException(REFERENCE_TRACKING + " is false (from the config's spark.conf or spark-submit --conf):"
          + " the job needs Kryo's reference tracking, its default, because a round's candidates share one sampled"
          + " noise source that would otherwise be serialized once per candidate; remove the setting");
    }
    return conf;
  }

  public static JavaSparkContext start(SparkSection spark) {
    return new JavaSparkContext(conf(spark));
  }
}
