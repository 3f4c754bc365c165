package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.config.ConfigException;
import io.trinity.driver.config.PoolSection;
import io.trinity.driver.config.TaskSource;
import io.trinity.driver.config.TasksSection;
import io.trinity.driver.config.TrainingConfig;
import io.trinity.gateway.pool.PoolConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken config stops the job before any work, with a message naming the key or file. */
class BrokenConfigTest {
  @TempDir
  Path dir;

  private TrainingJob job(String extra) {
    TrainingConfig config = TrainingFixtures.config(dir, 1, 4, 2, 16, extra);
    return new TrainingJob(config, dir.resolve("run").toString(), TrainingJob.Existing.FAIL);
  }

  @Test
  void aPoolModelThatIsNotDefined() {
    TrainingConfig config = TrainingFixtures.config(dir, 1, 4, 2, 16, "");
    TrainingConfig withModels = new TrainingConfig(config.run(), config.tasks(), config.encoder(),
        config.episode(), new PoolSection(config.pool().file(), List.of("sim-mathwiz", "sim-oracle")),
        config.gateway(), config.spark(), config.sandbox());
    ConfigException e = assertThrows(ConfigException.class,
        () -> new TrainingJob(withModels, dir.resolve("run").toString(), TrainingJob.Existing.FAIL).run());
    assertTrue(e.getMessage().contains("pool.models[1]"), e.getMessage());
    assertTrue(e.getMessage().contains("sim-oracle"), e.getMessage());
  }

  @Test
  void aMissingDatasetFile() {
    TrainingConfig base = TrainingFixtures.config(dir, 1, 4, 2, 16, "");
    Path missing = dir.resolve("data/gsm8k.jsonl");
    TrainingConfig config = new TrainingConfig(base.run(), new TasksSection(null,
        List.of(new TaskSource("gsm8k", missing.toString())), 0.5, 0.0),
        base.encoder(), base.episode(), base.pool(), base.gateway(), base.spark(), base.sandbox());
    ConfigException e = assertThrows(ConfigException.class,
        () -> new TrainingJob(config, dir.resolve("run").toString(), TrainingJob.Existing.FAIL).run());
    assertTrue(e.getMessage().contains("tasks.files[0].path"), e.getMessage());
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void aPoolFileWithAnUnknownKey() throws Exception {
    TrainingJob job = job("");
    Path pool = dir.resolve("pool.yaml");
    Files.writeString(pool, Files.readString(pool).replaceFirst("thinker_boost:", "thinker_bost:"));
    PoolConfigException e = assertThrows(PoolConfigException.class, job::run);
    assertTrue(e.getMessage().contains("thinker_bost"), e.getMessage());
    assertTrue(e.getMessage().contains("sim-mathwiz"), e.getMessage());
  }

  @Test
  void anExistingRunIsNeverOverwrittenWithoutResume() throws Exception {
    Path run = dir.resolve("run");
    Files.createDirectories(run);
    Files.writeString(run.resolve(Checkpoint.FILE), "{\"precious\": true}");
    ConfigException e = assertThrows(ConfigException.class, () -> job("").run());
    assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    assertEquals("{\"precious\": true}", Files.readString(run.resolve(Checkpoint.FILE)));
  }

  @Test
  void resumeWithoutACheckpoint() {
    TrainingConfig config = TrainingFixtures.config(dir, 1, 4, 2, 16, "");
    ConfigException e = assertThrows(ConfigException.class,
        () -> new TrainingJob(config, dir.resolve("empty").toString(), TrainingJob.Existing.RESUME).run());
    assertTrue(e.getMessage().contains("holds no checkpoint.json"), e.getMessage());
  }
}
