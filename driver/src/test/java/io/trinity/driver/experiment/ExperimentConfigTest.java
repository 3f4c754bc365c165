package io.trinity.driver.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.config.ConfigException;
import io.trinity.driver.train.TrainingFixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Experiment files are read strictly, and every cell's config is checked before anything trains. */
class ExperimentConfigTest {
  @TempDir
  Path dir;

  @BeforeEach
  void base() throws Exception {
    ExperimentFixtures.base(dir);
  }

  private String fails(String body) throws Exception {
    Path file = ExperimentFixtures.experiment(dir, body);
    return assertThrows(ConfigException.class, () -> ExperimentPlan.of(file, dir.resolve("out").toString()))
        .getMessage();
  }

  @Test
  void aMisspeltAxisPathNamesTheFileTheCellAndTheKey() throws Exception {
    String message = fails("seeds: [1]\naxes:\n  - {key: episode.max_turn, values: [1, 2]}\n");
    assertTrue(message.startsWith(dir.resolve("experiment.yaml") + ": cell max_turn=1 (base.yaml with "
        + "episode.max_turn: 1)"), message);
    assertTrue(message.contains("unknown key 'episode.max_turn'; expected one of: "), message);
    assertTrue(message.contains("max_turns"), message);
  }

  @Test
  void aPathThroughAValueOrAValueOutOfRangeIsNamed() throws Exception {
    String message = fails("seeds: [1]\naxes:\n  - {key: run.generations.x, values: [1]}\n");
    assertTrue(message.contains("run.generations.x: run.generations is a value in "), message);
    message = fails("seeds: [1]\ncells:\n  - {name: none, set: {run.population: 1}}\n");
    assertTrue(message.contains("cell none") && message.contains("run.population"), message);
  }

  @Test
  void unknownKeysAndForbiddenSettingsAreErrors() throws Exception {
    String message = fails("seed: [1]\naxes:\n  - {key: episode.max_turns, values: [1]}\n");
    assertTrue(message.startsWith(dir.resolve("experiment.yaml") + ":2: unknown key 'seed'"), message);
    message = fails("seeds: [1]\naxes:\n  - {key: run.seed, values: [1, 2]}\n");
    assertTrue(message.contains("run.seed is set by the experiment's seeds"), message);
    message = fails("seeds: [1]\naxes:\n  - {key: tasks.held_out_fraction, values: [0.2, 0.3]}\n");
    assertTrue(message.contains("would change the held-out questions"), message);
    message = fails("seeds: [1, 1]\naxes:\n  - {key: episode.max_turns, values: [1]}\n");
    assertTrue(message.contains("seeds lists a seed twice"), message);
    message = fails("seeds: [1]\n");
    assertTrue(message.contains("give either axes"), message);
    message = fails("seeds: [1]\naxes:\n  - {key: episode.max_turns, values: [1]}\nevaluation: {held_out: 0.2}\n");
    assertTrue(message.contains("unknown key 'evaluation.held_out'"), message);
  }

  @Test
  void cellsAreTheAxesProductAndSharedSettingsApplyToEach() throws Exception {
    Path file = ExperimentFixtures.experiment(dir, """
        seeds: [3, 4]
        set: {run.generations: 1}
        axes:
          - {key: episode.max_turns, name: turns, values: [1, 2]}
          - {key: encoder.features, values: [[shapes], [shapes, state]]}
        """);
    ExperimentPlan plan = ExperimentPlan.of(file, "runs/x/");
    assertEquals(4, plan.cells().size());
    assertEquals("turns=2,features=shapes+state", plan.cells().get(3).id());
    assertEquals(8, plan.runs().size());
    RunKey last = plan.runs().get(7);
    assertEquals(4L, last.seed());
    assertEquals(4L, last.config().run().seed());
    assertEquals(1, last.config().run().generations());
    assertEquals(2, last.config().episode().maxTurns());
    assertEquals("runs/x/cells/turns=2,features=shapes+state/seed-4", last.location());
  }

  @Test
  void theTurnSweepExamplePlansItsRuns() {
    ExperimentPlan plan = ExperimentPlan.of(TrainingFixtures.repoFile("cluster-configs/experiments/turns-paper-7.yaml"),
        "runs/turns");
    assertEquals(List.of("turns=1", "turns=2", "turns=3", "turns=4", "turns=5"),
        plan.cells().stream().map(Cell::id).toList());
    assertEquals(25, plan.runs().size());
    assertTrue(plan.runs().stream().allMatch(r -> r.config().tasks().heldOutFraction() == 0.5
        && r.config().run().generations() == 40 && r.config().run().population() == 32
        && r.config().episode().maxTurns() == Integer.parseInt(r.cell().id().substring("turns=".length()))));
  }
}
