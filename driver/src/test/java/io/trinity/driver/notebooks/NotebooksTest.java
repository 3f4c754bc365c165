package io.trinity.driver.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.evaluate.EvaluationJob;
import io.trinity.driver.experiment.ExperimentFixtures;
import io.trinity.driver.experiment.ExperimentJob;
import io.trinity.driver.experiment.ExperimentPlan;
import io.trinity.driver.train.TrainingFixtures;
import io.trinity.driver.train.TrainingJob;
import io.trinity.driver.train.TrainingYaml;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebooks in notebooks/ executed with Debian's nbconvert against a run this test produces: a short training on
 * the simulated pool (metrics, checkpoint, export, sampled episodes, the held-out comparison) and a batch evaluation
 * of its head on its held-out questions (records.jsonl), and a 2 x 2 experiment (turn budgets 1 and 2, seeds 1 and 2) as
 * ExperimentJobTest trains it. A notebook that no longer matches the files fails
 * here naming its cell. .ci/run installs nbconvert; without it the test fails saying what to install.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebooksTest {
  private static final String TRAINING = "training-run.ipynb";
  private static final String EVALUATION = "evaluation.ipynb";
  private static final String EXPERIMENT = "experiment.ipynb";
  private static final int GENERATIONS = 4;
  private static final int QUESTIONS_PER_CATEGORY = 16;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  private Path notebooks;
  private Path run;
  private Path evaluation;
  private int evaluatedQuestions;
  private Path experiment;

  @BeforeAll
  void trainAndEvaluate() throws Exception {
    notebooks = TrainingFixtures.repoFile("notebooks");
    Nbconvert.requireInstalled(dir);
    run = dir.resolve("run");
    new TrainingJob(ConfigLoader.load(trainingConfig()), run.toString(), TrainingJob.Existing.FAIL).run();

    evaluatedQuestions = (int) Files.readAllLines(run.resolve(TrainingJob.HELD_OUT_FILE)).stream()
        .filter(line -> !line.isBlank()).count();
    Path config = Files.writeString(dir.resolve("evaluate.yaml"), """
        heads:
          - path: run
        tasks:
          files:
            - {benchmark: trinity, path: %s}
        pool:
          file: pool.yaml
        spark:
          master: local[2]
          conf:
            spark.ui.enabled: "false"
        """.formatted(run.resolve(TrainingJob.HELD_OUT_FILE)));
    evaluation = dir.resolve("evaluation");
    new EvaluationJob(ConfigLoader.loadEvaluation(config), evaluation.toString(), false, false).run();
    // A user keeps the questions next to their evaluation, as a training run does; the notebook reads both.
    Files.copy(run.resolve(TrainingJob.HELD_OUT_FILE), evaluation.resolve(TrainingJob.HELD_OUT_FILE));

    // Its own folder: the fixture writes gsm8k.jsonl and mmlu.jsonl of other lengths than the training's.
    Path grid = Files.createDirectories(dir.resolve("experiment-input"));
    ExperimentFixtures.base(grid);
    Path file = ExperimentFixtures.experiment(grid, """
        seeds: [1, 2]
        evaluation: {held_out_fraction: 0.3}
        axes:
          - key: episode.max_turns
            values: [1, 2]
        """);
    experiment = dir.resolve("experiment");
    new ExperimentJob(ExperimentPlan.of(file, experiment.toString()), experiment.toString(), 2).run();
  }

  /**
   * The first questions of three of the demo's categories (the code category would add sandbox runs and nothing the
   * notebooks treat differently), half held out, a quarter of the rest for validation: every file the notebooks
   * read, small enough to train and compare in seconds.
   */
  private static Path trainingConfig() throws Exception {
    List<String> files = new ArrayList<>();
    for (String[] part : new String[][] {{"gsm8k", "gsm8k"}, {"math", "math500"}, {"mmlu", "mmlu"}}) {
      String resource = "/io/trinity/fitness/demo/" + part[1] + ".jsonl";
      try (InputStream in = NotebooksTest.class.getResourceAsStream(resource)) {
        assertNotNull(in, resource + " is not on the class path");
        List<String> first = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
            .filter(line -> !line.isBlank()).limit(QUESTIONS_PER_CATEGORY).toList();
        Files.write(dir.resolve(part[0] + ".jsonl"), first);
      }
      files.add(part[0]);
      files.add(part[0] + ".jsonl");
    }
    TrainingFixtures.demoPoolWithoutLatency(dir);
    return TrainingYaml.builder().generations(GENERATIONS).population(8).tasksPerGeneration(6).validateEvery(2)
        .episodeLogPerGeneration(3).taskFiles(files.toArray(String[]::new)).heldOutFraction(0.5)
        .validationFraction(0.25).encoder(TrainingYaml.encoder(16)).pool("pool.yaml")
        .write(dir.resolve("train.yaml"));
  }

  @Test
  void everyNotebookIsRunHereAndStoredWithoutOutputs() throws Exception {
    Set<String> found = new TreeSet<>();
    try (Stream<Path> files = Files.list(notebooks)) {
      files.filter(f -> f.toString().endsWith(".ipynb")).forEach(f -> found.add(f.getFileName().toString()));
    }
    assertEquals(new TreeSet<>(Set.of(TRAINING, EVALUATION, EXPERIMENT)), found,
        "notebooks/ holds a notebook this test does not execute, or lacks one it does");
    for (String name : found) {
      JsonNode notebook = JSON.readTree(notebooks.resolve(name).toFile());
      // Outputs would show an older run's numbers as if they were today's; executing gives current ones.
      for (JsonNode cell : notebook.path("cells")) {
        if (cell.path("cell_type").asText().equals("code")) {
          String first = ExecutedNotebook.text(cell.path("source")).lines().findFirst().orElse("");
          assertTrue(cell.path("outputs").isEmpty(), name + ": the cell starting '" + first + "' has outputs");
          assertTrue(cell.path("execution_count").isNull(), name + ": the cell starting '" + first
              + "' has an execution count");
        }
      }
    }
  }

  @Test
  void theTrainingNotebookDrawsTheRun() throws Exception {
    ExecutedNotebook done = Nbconvert.execute(notebooks.resolve(TRAINING), Map.of("TRINITY_RUN_DIR",
        run.toString()), dir);
    done.assertNoErrors();
    assertEveryFigureDrawn(done);
    List<ExecutedNotebook.Cell> cells = done.codeCells();
    assertTrue(cells.get(0).stdout().contains(run.toRealPath() + ": " + GENERATIONS + " generations"),
        "the first cell's output: " + cells.get(0).stdout());
    long sampled = 0;
    try (Stream<Path> files = Files.list(run.resolve("episodes"))) {
      for (Path file : files.toList()) {
        sampled += Files.readAllLines(file).stream().filter(line -> !line.isBlank()).count();
      }
    }
    assertTrue(sampled > 0, "the run sampled no episodes");
    String episodes = sampled + " episodes from " + GENERATIONS + " generations";
    assertTrue(cells.stream().anyMatch(c -> c.stdout().contains(episodes)), "no cell printed '" + episodes + "'");
  }

  @Test
  void theEvaluationNotebookReadsAnEvaluationWithItsQuestions() throws Exception {
    // TRINITY_EVAL_DIR wins over TRINITY_RUN_DIR, so this reads the evaluation, with the questions it played.
    ExecutedNotebook done = Nbconvert.execute(notebooks.resolve(EVALUATION), Map.of("TRINITY_RUN_DIR",
        run.toString(), "TRINITY_EVAL_DIR", evaluation.toString()), dir);
    done.assertNoErrors();
    assertEveryFigureDrawn(done);
    List<ExecutedNotebook.Cell> cells = done.codeCells();
    assertTrue(cells.get(0).stdout().startsWith(evaluation.toRealPath() + ": " + evaluatedQuestions + " questions"),
        "the first cell's output: " + cells.get(0).stdout());
    int policies = JSON.readTree(evaluation.resolve("eval.json").toFile()).path("policies").size();
    String records = evaluatedQuestions + " questions x " + policies + " policies";
    assertTrue(cells.stream().anyMatch(c -> c.stdout().contains(records)), "no cell printed '" + records + "'");
    String heldOut = evaluatedQuestions + " held-out questions";
    assertTrue(cells.stream().anyMatch(c -> c.stdout().contains(heldOut)), "no cell printed '" + heldOut + "'");
  }

  @Test
  void theExperimentNotebookReadsEveryCellAndSeed() throws Exception {
    ExecutedNotebook done = Nbconvert.execute(notebooks.resolve(EXPERIMENT), Map.of("TRINITY_EXPERIMENT_DIR",
        experiment.toString()), dir);
    done.assertNoErrors();
    assertEveryFigureDrawn(done);
    List<ExecutedNotebook.Cell> cells = done.codeCells();
    assertTrue(cells.get(0).stdout().startsWith(experiment.toRealPath() + ": 2 cells x 2 seeds, 4 finished runs"),
        "the first cell's output: " + cells.get(0).stdout());
    // The curves come from the runs' own metrics.jsonl, not from summary.json.
    long generations = Files.readAllLines(experiment.resolve("cells/max_turns=2/seed-1/metrics.jsonl")).stream()
        .filter(line -> !line.isBlank()).count();
    assertTrue(generations > 0, "the experiment's run wrote no generations");
    String curves = "max_turns=1: 2 runs, " + generations + " generations, max_turns=2: 2 runs, " + generations
        + " generations";
    assertTrue(cells.stream().anyMatch(c -> c.stdout().contains(curves)), "no cell printed '" + curves + "'");
    String html = cells.stream().flatMap(c -> c.outputsOfType("display_data").stream())
        .map(o -> ExecutedNotebook.text(o.path("data").path("text/html"))).reduce("", String::concat);
    assertTrue(html.contains("max_turns=2") && html.contains("max_turns=1"),
        "no table shows the paired comparison of the two cells: " + html);
  }

  @Test
  void aFolderWithoutAnExperimentFailsInTheFirstCellNamingTheFileAndTheVariable() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("not-an-experiment"));
    String message = firstCellError(EXPERIMENT, "TRINITY_EXPERIMENT_DIR", empty).path("evalue").asText();
    assertTrue(message.contains(empty.toRealPath().resolve("summary.json") + " is missing")
        && message.contains("TRINITY_EXPERIMENT_DIR"), message);
  }

  /** Also shows that a failing cell is seen and named: without that the tests above could pass on any notebook. */
  @Test
  void aDirectoryWithoutARunFailsInTheFirstCellNamingTheFileAndTheVariable() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("not-a-run"));
    JsonNode error = firstCellError(TRAINING, "TRINITY_RUN_DIR", empty);
    assertEquals("FileNotFoundError", error.path("ename").asText());
    String message = error.path("evalue").asText();
    assertTrue(message.contains(empty.toRealPath().resolve("metrics.jsonl") + " is missing")
        && message.contains("TRINITY_RUN_DIR"), message);
  }

  /** Runs {@code notebook} with {@code variable} naming {@code folder}: it must fail in its first code cell. */
  private JsonNode firstCellError(String notebook, String variable, Path folder) throws Exception {
    ExecutedNotebook done = Nbconvert.execute(notebooks.resolve(notebook), Map.of(variable, folder.toString()), dir);
    ExecutedNotebook.Cell failed = done.firstError();
    assertNotNull(failed, notebook + " ran without a failure with " + variable + "=" + folder);
    assertEquals(done.codeCells().get(0).index(), failed.index(), "the failing cell");
    return failed.outputsOfType("error").get(0);
  }

  private void assertEveryFigureDrawn(ExecutedNotebook done) throws Exception {
    // Runs written before metrics.jsonl had the per-category selections skip that figure, saying so.
    String optional = Files.readAllLines(run.resolve("metrics.jsonl")).get(0).contains("\"selections_by_category\"")
        ? null : "selections_by_category";
    for (ExecutedNotebook.Cell cell : done.codeCells()) {
      if (cell.source().contains("plt.show()") && !cell.hasImage()) {
        assertTrue(optional != null && cell.source().contains(optional) && cell.stdout().contains(optional),
            done.source().getFileName() + ": cell " + cell.index() + " (" + cell.firstLine() + ") drew no figure");
      }
    }
  }
}
