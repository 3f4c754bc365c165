package io.trinity.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.config.ConfigException;
import io.trinity.driver.config.SparkSection;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The job's Spark settings keep what its wire format depends on, whatever the config adds. */
class SparkContextsTest {
  @Test
  void configSettingsApplyOnTopOfTheJobsOwn() {
    SparkConf conf = SparkContexts.conf(new SparkSection("local[2]", "t", null,
        Map.of("spark.task.maxFailures", "7")));
    assertEquals("7", conf.get("spark.task.maxFailures"));
    assertEquals("true", conf.get("spark.kryo.registrationRequired"));
  }

  @Test
  void turningOffKryoReferenceTrackingIsRefusedByName() {
    ConfigException refused = assertThrows(ConfigException.class, () -> SparkContexts.conf(
        new SparkSection("local[2]", "t", null, Map.of(SparkContexts.REFERENCE_TRACKING, "false"))));
    assertTrue(refused.getMessage().startsWith("spark.kryo.referenceTracking is false"), refused.getMessage());
  }
}
