package io.trinity.driver.spark;

import io.trinity.driver.config.ConfigException;
import io.trinity.driver.config.SparkSection;
import org.apache.spark.SparkConf;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

  /**
   * Starts the context on a thread of its own, so that a job can do work that does not need Spark meanwhile; the
   * caller must {@link #await} it, or {@link #closeOnceStarted} it when the job fails before that.
   */
  public static CompletableFuture<JavaSparkContext> startInBackground(SparkSection spark) {
    CompletableFuture<JavaSparkContext> started = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        started.complete(start(spark));
      } catch (Throwable e) {
        started.completeExceptionally(e);
      }
    }, "spark-context-start");
    thread.setDaemon(true);
    thread.start();
    return started;
  }

  /** The started context; a failure to start is thrown as {@link #start} would have thrown it. */
  public static JavaSparkContext await(CompletableFuture<JavaSparkContext> starting) {
    try {
      return starting.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /** Stops the context once it has started; for a job that fails before it needs it. */
  public static void closeOnceStarted(CompletableFuture<JavaSparkContext> starting) {
    try {
      starting.join().close();
    } catch (CompletionException e) {
      // It did not start: nothing to stop, and the job's own failure is the one to report.
    }
  }
}
