package io.trinity.driver;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module structure of {@link ArchitectureRules}, checked on the production classes of all four modules. */
@AnalyzeClasses(packages = "io.trinity", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule fitnessUsesNoOtherModule = ArchitectureRules.FITNESS_USES_NO_OTHER_MODULE;
  @ArchTest
  static final ArchRule gatewayUsesNoOtherModule = ArchitectureRules.GATEWAY_USES_NO_OTHER_MODULE;
  @ArchTest
  static final ArchRule workersDoNotUseTheDriver = ArchitectureRules.WORKERS_DO_NOT_USE_THE_DRIVER;

  @ArchTest
  static final ArchRule fitnessFreeOfSpark = ArchitectureRules.FITNESS_FREE_OF_SPARK;
  @ArchTest
  static final ArchRule gatewayFreeOfSpark = ArchitectureRules.GATEWAY_FREE_OF_SPARK;
  @ArchTest
  static final ArchRule workersFreeOfSpark = ArchitectureRules.WORKERS_FREE_OF_SPARK;

  @ArchTest
  static final ArchRule fitnessPackagesFreeOfCycles = ArchitectureRules.FITNESS_PACKAGES_FREE_OF_CYCLES;
  @ArchTest
  static final ArchRule gatewayPackagesFreeOfCycles = ArchitectureRules.GATEWAY_PACKAGES_FREE_OF_CYCLES;
  @ArchTest
  static final ArchRule workersPackagesFreeOfCycles = ArchitectureRules.WORKERS_PACKAGES_FREE_OF_CYCLES;
  @ArchTest
  static final ArchRule driverPackagesFreeOfCycles = ArchitectureRules.DRIVER_PACKAGES_FREE_OF_CYCLES;

  /**
   * The planted violations of ArchitectureRulesTest live in these modules' packages: an import that took in test
   * classes would fail the rules above for the wrong reason. (A module missing from the import fails its rules: they
   * reject checking no classes.)
   */
  @ArchTest
  static void importHoldsNoTestClass(JavaClasses classes) {
    assertFalse(classes.contain(ArchitectureTest.class), "test classes imported");
    assertFalse(classes.stream().anyMatch(c -> c.getPackageName().contains(".archfixture")),
        "planted violations imported");
  }
}
