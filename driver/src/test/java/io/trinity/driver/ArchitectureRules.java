package io.trinity.driver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The intended module structure, driver -> workers -> {fitness, llm-gateway}, with Spark confined to the driver.
 * {@link ArchitectureTest} checks these rules on the production classes and {@link ArchitectureRulesTest} on planted
 * violations, so a rule that could never fail would show there.
 */
final class ArchitectureRules {

  private static final String FITNESS = "io.trinity.fitness";
  private static final String GATEWAY = "io.trinity.gateway";
  private static final String WORKERS = "io.trinity.workers";
  private static final String DRIVER = "io.trinity.driver";

  private static final String SPARK = "org.apache.spark..";
  private static final String SCALA = "scala..";
  private static final String HADOOP = "org.apache.hadoop..";

  static final ArchRule FITNESS_USES_NO_OTHER_MODULE = noDependency(FITNESS,
      "fitness grades answers on its own; workers and the driver build on it", GATEWAY, WORKERS, DRIVER);

  static final ArchRule GATEWAY_USES_NO_OTHER_MODULE = noDependency(GATEWAY,
      "the gateway is an OpenAI-compatible service of its own, blind to tasks and coordinators",
      FITNESS, WORKERS, DRIVER);

  static final ArchRule WORKERS_DO_NOT_USE_THE_DRIVER = noDependency(WORKERS,
      "workers run inside Spark tasks the driver ships, and must not reach back into it", DRIVER);

  // Hadoop stays allowed in fitness: TaskFiles reads task files through Hadoop's FileSystem (hdfs://, s3a://).
  static final ArchRule FITNESS_FREE_OF_SPARK = noUse(FITNESS, "graders run anywhere, Spark or not", SPARK, SCALA);

  static final ArchRule GATEWAY_FREE_OF_SPARK = noUse(GATEWAY,
      "the gateway shares executors with Spark but must run without it", SPARK, HADOOP, SCALA);

  static final ArchRule WORKERS_FREE_OF_SPARK = noUse(WORKERS,
      "Spark is the driver's concern; workers are plain Java that a Spark task calls", SPARK, HADOOP, SCALA);

  static final ArchRule FITNESS_PACKAGES_FREE_OF_CYCLES = packagesFreeOfCycles(FITNESS);
  static final ArchRule GATEWAY_PACKAGES_FREE_OF_CYCLES = packagesFreeOfCycles(GATEWAY);
  static final ArchRule WORKERS_PACKAGES_FREE_OF_CYCLES = packagesFreeOfCycles(WORKERS);
  static final ArchRule DRIVER_PACKAGES_FREE_OF_CYCLES = packagesFreeOfCycles(DRIVER);

  private ArchitectureRules() {
  }

  private static ArchRule noDependency(String module, String reason, String... otherModules) {
    String[] patterns = new String[otherModules.length];
    for (int i = 0; i < otherModules.length; i++) {
      patterns[i] = otherModules[i] + "..";
    }
    return noUse(module, reason, patterns);
  }

  private static ArchRule noUse(String module, String reason, String... packages) {
    return noClasses().that().resideInAPackage(module + "..")
        .should().dependOnClassesThat().resideInAnyPackage(packages)
        .because(reason);
  }

  /** Every package is a slice of its own, so a cycle between a package and its subpackage counts too. */
  private static ArchRule packagesFreeOfCycles(String module) {
    return slices().matching(module + ".(**)").should().beFreeOfCycles();
  }
}
