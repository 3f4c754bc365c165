package io.trinity.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.train.TrainingFixtures;
import io.trinity.fitness.sandbox.IsolationPolicy;
import io.trinity.fitness.sandbox.Limits;
import io.trinity.fitness.sandbox.SandboxSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sandbox section of training and evaluation configs: its defaults, its values and its strictness. */
class SandboxConfigTest {
  private static final String TRAINING = """
      tasks:
        bundled: demo
      pool:
        file: pools/sim.yaml
      """;
  private static final String EVALUATION = """
      heads:
        - path: runs/a
      tasks:
        bundled: demo
      pool:
        file: pools/sim.yaml
      """;

  private static String error(String yaml) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "train.yaml")).getMessage();
  }

  @Test
  void withoutASectionBubblewrapIsRequiredWithDefaultLimits() {
    SandboxSettings settings = ConfigLoader.parse(TRAINING, "train.yaml").sandbox().settings();
    assertEquals(SandboxSettings.DEFAULT, settings);
    assertEquals(IsolationPolicy.BUBBLEWRAP, settings.isolation());
  }

  @Test
  void theDemoConfigSpellsOutTheDefaults() {
    TrainingConfig demo = ConfigLoader.load(TrainingFixtures.repoFile("cluster-configs/train/demo-sim.yaml"));
    assertEquals(SandboxSettings.DEFAULT, demo.sandbox().settings());
  }

  @Test
  void everyKeyReachesTheSettingsTheExecutorsBuildFrom() {
    SandboxSettings settings = ConfigLoader.parse(TRAINING + """
        sandbox:
          isolation: limits_only
          parallelism: 3
          limits:
            wall_seconds: 7.5
            cpu_seconds: 2
            memory_mb: 512
            file_size_kb: 64
            processes: 8
            scratch_mb: 16
        """, "train.yaml").sandbox().settings();
    assertEquals(new SandboxSettings(new Limits(Duration.ofMillis(7500), Duration.ofSeconds(2), 512L << 20,
        64L << 10, 8, 16L << 20), 3, IsolationPolicy.RLIMITS_ONLY), settings);
  }

  @Test
  void theEvaluationConfigHasTheSameSection() {
    EvaluationConfig config = ConfigLoader.parse(EVALUATION + """
        sandbox:
          isolation: limits_only
        """, "eval.yaml", EvaluationConfig.class);
    assertEquals(IsolationPolicy.RLIMITS_ONLY, config.sandbox().settings().isolation());
    assertEquals(SandboxSettings.DEFAULT,
        ConfigLoader.parse(EVALUATION, "eval.yaml", EvaluationConfig.class).sandbox().settings());
  }

  @Test
  void anUnknownKeyIsAnErrorNamingItsPathAndLine() {
    String message = error(TRAINING + """
        sandbox:
          limits:
            wall_secs: 5
        """);
    assertTrue(message.startsWith("train.yaml:7: unknown key 'sandbox.limits.wall_secs'; expected one of: "
        + "cpu_seconds, file_size_kb, memory_mb, processes, scratch_mb, wall_seconds"), message);
    String top = error(TRAINING + "sandbox:\n  network: true\n");
    assertTrue(top.startsWith("train.yaml:6: unknown key 'sandbox.network'; expected one of: isolation, limits, "
        + "parallelism"), top);
  }

  @Test
  void anUnknownIsolationNamesTheChoices() {
    String message = error(TRAINING + "sandbox:\n  isolation: none\n");
    assertTrue(message.startsWith("train.yaml:6: bad value for 'sandbox"), message);
    assertTrue(message.contains("sandbox.isolation: expected one of bubblewrap, limits_only, got 'none'"), message);
  }

  @Test
  void limitsTooSmallForPythonAreRefusedByKey() {
    String message = error(TRAINING + "sandbox:\n  limits:\n    memory_mb: 16\n");
    assertTrue(message.contains("sandbox.limits.memory_mb must be in [64, 1048576], got 16"), message);
    assertTrue(message.startsWith("train.yaml:7:"), message);
    String parallelism = error(TRAINING + "sandbox:\n  parallelism: 0\n");
    assertTrue(parallelism.contains("sandbox.parallelism must be at least 1, got 0"), parallelism);
  }
}
