package io.trinity.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.export.HeadExportWriter;
import io.trinity.workers.export.TrainingSummary;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.transcript.RolePrompts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect} checks an export as evaluation and serving will, and says what it is or what is wrong. */
class InspectCommandTest {
  @TempDir
  Path dir;

  private Path export() throws Exception {
    CoordinatorSpec spec = new CoordinatorSpec(new String[] {"sim-a", "sim-b"},
        new EncoderSpec.Hashing(16, new String[] {"state"}, 0), CandidateLayout.linear(new HeadShape(16, 2)),
        RolePrompts.CURRENT, new EpisodeSettings(3, 0.7, 512));
    Path head = dir.resolve("head");
    HeadExportWriter.write(head.toString(), spec, new float[spec.layout().parameterCount()],
        new TrainingSummary("feedbeef0001", 42, 5, 8, 4, "the optimiser's final mean", null, 0.4, 0.5, 0.3, 77, 0.01,
            "abc", false)).write(head);
    return head;
  }

  private Path pool(String... models) throws Exception {
    StringBuilder yaml = new StringBuilder("models:\n");
    for (String model : models) {
      yaml.append("  - {name: ").append(model).append(", provider: sim, price: {input_per_mtok: 1, "
          + "output_per_mtok: 1}, skills: {default: {thinker: 0.5, worker: 0.5, verifier: 0.5}}}\n");
    }
    Path file = dir.resolve(String.join("-", models) + ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void aGoodExportIsDescribed() throws Exception {
    CliRun run = CliRun.of("inspect", "--head", export().toString(), "--pool", pool("sim-b", "sim-a").toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("trinity-head version 2, checked (weights, blocks, encoder, prompts, pool"),
        run.out());
    assertTrue(run.out().contains("models: sim-a, sim-b"), run.out());
    assertTrue(run.out().contains("training: run feedbeef0001, seed 42, 5 generations of 8 candidates x 4 tasks"),
        run.out());
  }

  @Test
  void whatDoesNotFitIsOneLineThatNamesTheField() throws Exception {
    Path head = export();
    CliRun run = CliRun.of("inspect", "--head", head.toString(), "--pool", pool("sim-a").toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("error: file:" + head + "/head.json: models: the pool lacks sim-b, which the "
        + "head was trained to pick (the pool has: sim-a)"), run.err());

    CliRun missing = CliRun.of("inspect", "--head", dir.resolve("nothing").toString());
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().startsWith("error: --head: cannot open"), missing.err());
  }
}
