package io.trinity.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trinity.driver.train.TrainingFixtures;
import io.trinity.gateway.pool.PoolConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The repository's training configs for simulated pools load, with the pools they name. */
class SimTrainingConfigsTest {

  @Test
  void thePaperPoolsConfigLoadsWithThePapersSettingsAndItsSevenModels() {
    TrainingConfig config = ConfigLoader.load(TrainingFixtures.repoFile("cluster-configs/train/paper-7-sim.yaml"));
    assertEquals(32, config.run().population());
    assertEquals(16, config.run().tasksPerGeneration());
    assertEquals(5, config.episode().maxTurns());
    PoolConfig pool = PoolConfig.load(Path.of(config.pool().file()));
    assertEquals(7, pool.modelNames().size());
  }
}
