package io.trinity.driver.spark;

import io.trinity.driver.config.SparkSection;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Builds the job's Spark context: Kryo with every shipped class registered, the config's settings on top. */
public final class SparkContexts {
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
    return conf;
  }

  public static JavaSparkContext start(SparkSection spark) {
    return new JavaSparkContext(conf(spark));
  }
}
