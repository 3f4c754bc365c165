package io.trinity.driver;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.trinity.driver.archfixture.outer.Outer;
import io.trinity.driver.archfixture.outer.inner.Inner;
import io.trinity.fitness.archfixture.FitnessUsesGateway;
import io.trinity.fitness.archfixture.FitnessUsesSpark;
import io.trinity.gateway.archfixture.GatewayUsesFitness;
import io.trinity.gateway.archfixture.GatewayUsesHadoop;
import io.trinity.workers.archfixture.WorkersUseDriver;
import io.trinity.workers.archfixture.WorkersUseSpark;
import org.junit.jupiter.api.Test;

/** Each rule of {@link ArchitectureRules} fails on a planted violation, naming the classes at fault. */
class ArchitectureRulesTest {

  private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(
      "io.trinity.fitness.archfixture", "io.trinity.gateway.archfixture", "io.trinity.workers.archfixture",
      "io.trinity.driver.archfixture");

  @Test
  void fitnessUsingTheGatewayIsCaught() {
    assertCaught(ArchitectureRules.FITNESS_USES_NO_OTHER_MODULE, FitnessUsesGateway.class,
        "io.trinity.gateway.api.ChatMessage");
  }

  @Test
  void gatewayUsingFitnessIsCaught() {
    assertCaught(ArchitectureRules.GATEWAY_USES_NO_OTHER_MODULE, GatewayUsesFitness.class,
        "io.trinity.fitness.task.Task");
  }

  @Test
  void workersUsingTheDriverAreCaught() {
    assertCaught(ArchitectureRules.WORKERS_DO_NOT_USE_THE_DRIVER, WorkersUseDriver.class,
        "io.trinity.driver.es.StopReason");
  }

  @Test
  void fitnessUsingSparkIsCaught() {
    assertCaught(ArchitectureRules.FITNESS_FREE_OF_SPARK, FitnessUsesSpark.class, "org.apache.spark.SparkConf");
  }

  @Test
  void gatewayUsingHadoopIsCaught() {
    assertCaught(ArchitectureRules.GATEWAY_FREE_OF_SPARK, GatewayUsesHadoop.class,
        "org.apache.hadoop.conf.Configuration");
  }

  @Test
  void workersUsingSparkAreCaught() {
    assertCaught(ArchitectureRules.WORKERS_FREE_OF_SPARK, WorkersUseSpark.class, "org.apache.spark.SparkConf");
  }

  @Test
  void aCycleBetweenAPackageAndItsSubpackageIsCaught() {
    assertCaught(ArchitectureRules.DRIVER_PACKAGES_FREE_OF_CYCLES, Outer.class, Inner.class.getName());
  }

  private static void assertCaught(ArchRule rule, Class<?> offender, String target) {
    AssertionError failure = assertThrows(AssertionError.class, () -> rule.check(FIXTURES));
    String report = failure.getMessage();
    assertTrue(report.contains(offender.getName()) && report.contains(target), report);
  }
}
