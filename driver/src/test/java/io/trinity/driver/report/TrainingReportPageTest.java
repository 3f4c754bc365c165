package io.trinity.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.driver.cli.TrinityCli;
import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.train.TrainingFixtures;
import io.trinity.driver.train.TrainingJob;
import io.trinity.driver.train.TrainingYaml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code trinity report} on a real (short) training run: every chart drawn, the per-category counts in
 * metrics.jsonl consistent with the generation's choices, and the page drawn by a real browser without console
 * errors. Runs of older builds, without the newer fields, get the page with notes instead of charts.
 */
class TrainingReportPageTest {
  private static final List<String> MODELS = List.of("sim-mathwiz", "sim-scholar", "sim-generalist", "sim-checker");
  private static final Set<String> CATEGORIES = Set.of("gsm8k", "math", "mmlu");
  private static final int GENERATIONS = 6;
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 5200;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void aTrainedRunsReportDrawsEveryChartWithoutConsoleErrors() throws Exception {
    Path run = dir.resolve("run");
    new TrainingJob(ConfigLoader.load(config()), run.toString(), TrainingJob.Existing.FAIL).run();

    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(GENERATIONS, lines.size());
    for (String line : lines) {
      selectionsAddUp(JSON.readTree(line));
    }

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = TrinityCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("report", run.toString(), "--window", "2");
    assertEquals(0, code, out + "\n" + err);
    Path page = run.resolve(TrainingReportPage.FILE);
    assertTrue(out.toString().contains(TrainingReportPage.FILE) && out.toString().contains("6 generations"),
        out.toString());
    String html = Files.readString(page);

    for (String id : TrainingReportPage.CHART_IDS) {
      String section = section(html, id);
      assertTrue(section.contains("<svg role=\"img\" aria-label="), id + " has no chart: " + section);
      assertFalse(section.contains("class=\"note missing\""), id + " says its figures are missing: " + section);
    }
    assertEquals(TrainingReportPage.CHART_IDS.size(), count(html, "<svg"), "one chart per section");
    assertFalse(html.contains("No validation curve"), "the run validated every 2 generations");
    String runId = JSON.readTree(run.resolve("checkpoint.json").toFile()).get("run_id").asText();
    assertTrue(html.contains("<h1>Trinity run " + runId + ": training</h1>"), "title");
    assertTrue(html.contains("<tr><th>pool models</th><td>" + String.join(", ", MODELS) + "</td></tr>"),
        "the header names the pool");
    assertTrue(html.contains("<tr><th>optimiser</th><td>sep_cma_es: "), "the header names the optimiser (its config type)");
    assertTrue(html.contains("<tr><th>population</th><td>8</td></tr>"), "the header has the population");
    turnsColumnMatchesMetrics(html, lines);
    selfContained(html);

    Path png = dir.resolve("training-report.png");
    List<String> console = HeadlessChromium.screenshot(page, png, WIDTH, HEIGHT, dir);
    assertEquals(List.of(), console, "console messages");
    Screenshot shot = Screenshot.read(png);
    int firstSeries = shot.firstSeriesPixels();
    assertTrue(shot.colours() > 16, "the screenshot has only " + shot.colours() + " colours");
    // The first model's stacks in the per-category chart are filled with the first series colour: if the browser
    // drew no chart, no pixel has it.
    assertTrue(firstSeries > 1000, "only " + firstSeries + " pixels in the first series colour: charts not drawn");
  }

  @Test
  void anOlderRunsReportSaysWhichFiguresItLacks() throws Exception {
    Path run = Files.createDirectories(dir.resolve("old"));
    StringBuilder metrics = new StringBuilder();
    for (int g = 0; g < 4; g++) {
      metrics.append(line(g, false)).append('\n');
    }
    Files.writeString(run.resolve("metrics.jsonl"), metrics.toString());
    TrainingRun read = TrainingRunReader.read(run.toString(), new Configuration());
    assertEquals(null, read.runId(), "no checkpoint, no head.json: no run id");
    String html = TrainingReportPage.html(read, 10);

    String categories = section(html, CategorySelectionChart.ID);
    assertFalse(categories.contains("<svg"), categories);
    assertTrue(categories.contains("class=\"note missing\"") && categories.contains("selections_by_category"),
        categories);
    for (String id : List.of(FitnessChart.ID, SigmaChart.ID, ShareChart.MODELS_ID, ShareChart.ROLES_ID,
        SpendChart.ID)) {
      assertTrue(section(html, id).contains("<svg"), id + " should be drawn from the fields the old lines have");
    }
    assertTrue(html.contains("No validation curve"), "no line has a validation score");
    assertTrue(html.contains("<h1>Trinity run " + read.location() + ": training</h1>"), "a run without an id is "
        + "named by its folder");

    // Resumed by a newer build: the chart is drawn from the lines that have the counts, and says what it left out.
    metrics.append(line(4, true)).append('\n').append(line(5, true)).append('\n');
    Files.writeString(run.resolve("metrics.jsonl"), metrics.toString());
    html = TrainingReportPage.html(TrainingRunReader.read(run.toString(), new Configuration()), 10);
    categories = section(html, CategorySelectionChart.ID);
    assertTrue(categories.contains("<svg"), categories);
    assertTrue(categories.contains("4 of 6 generations have no selections_by_category"), categories);
    // Generations 4 and 5 chose sim-mathwiz 3 times in 4 turns on math, and sim-scholar on every mmlu turn.
    assertTrue(categories.contains("<tr><td>math</td><td>4&ndash;5</td><td>75.0%</td><td>25.0%</td><td>0.0%</td>"
        + "<td>0.0%</td><td>8</td></tr>"), categories);
    assertTrue(categories.contains("<tr><td>mmlu</td><td>4&ndash;5</td><td>0.0%</td><td>100.0%</td>"), categories);
  }

  /** A metrics line as this build writes it, less {@code selections_by_category} unless {@code byCategory}. */
  private static String line(int generation, boolean byCategory) {
    String line = "{\"generation\":" + generation + ",\"best_fitness\":0.6,\"mean_fitness\":0.4,"
        + "\"median_fitness\":0.375,\"mean_head_fitness\":0.5,\"validation_score\":null,\"sigma\":0.48,"
        + "\"llm_calls\":12,\"cost_usd\":0.01,\"model_choices\":{\"sim-mathwiz\":6,\"sim-scholar\":4,"
        + "\"sim-generalist\":1,\"sim-checker\":1},\"role_choices\":{\"Thinker\":4,\"Worker\":5,\"Verifier\":3},"
        + "\"turn_failures\":{}";
    if (byCategory) {
      line += ",\"selections_by_category\":{\"math\":{\"models\":{\"sim-mathwiz\":3,\"sim-scholar\":1,"
          + "\"sim-generalist\":0,\"sim-checker\":0},\"roles\":{\"Thinker\":1,\"Worker\":2,\"Verifier\":1}},"
          + "\"mmlu\":{\"models\":{\"sim-mathwiz\":0,\"sim-scholar\":3,\"sim-generalist\":0,\"sim-checker\":0},"
          + "\"roles\":{\"Thinker\":1,\"Worker\":1,\"Verifier\":1}}}";
    }
    return line + "}";
  }

  /** The per-category counts of a line add up to the generation's model and role choices, over known categories. */
  private static void selectionsAddUp(JsonNode line) {
    JsonNode byCategory = line.get("selections_by_category");
    assertNotNull(byCategory, "no selections_by_category in " + line);
    assertTrue(CATEGORIES.containsAll(names(byCategory)) && !names(byCategory).isEmpty(), "categories "
        + names(byCategory));
    for (String kind : List.of("models", "roles")) {
      JsonNode overall = line.get(kind.equals("models") ? "model_choices" : "role_choices");
      for (String name : names(overall)) {
        int sum = 0;
        for (JsonNode category : byCategory) {
          assertEquals(names(overall), names(category.get(kind)), "every " + kind + " listed in every category");
          sum += category.get(kind).get(name).asInt();
        }
        assertEquals(overall.get(name).asInt(), sum, name + " over the categories of generation "
            + line.get("generation"));
      }
    }
  }

  /** The table's turn counts for the first window (generations 0 and 1) are the metrics' counts. */
  private static void turnsColumnMatchesMetrics(String html, List<String> lines) throws Exception {
    for (String category : CATEGORIES) {
      int turns = 0;
      for (String line : lines.subList(0, 2)) {
        JsonNode counts = JSON.readTree(line).get("selections_by_category").get(category);
        if (counts != null) {
          for (JsonNode n : counts.get("models")) {
            turns += n.asInt();
          }
        }
      }
      Matcher row = Pattern.compile("<tr><td>" + category + "</td><td>0&ndash;1</td>(?:<td>[0-9.]+%</td>){4}"
          + "<td>(\\d+)</td></tr>").matcher(section(html, CategorySelectionChart.ID));
      if (turns > 0) {
        assertTrue(row.find(), "no first-window row for " + category);
        assertEquals(turns, Integer.parseInt(row.group(1)), category + " turns in generations 0-1");
      }
    }
  }

  private static void selfContained(String html) {
    List<String> urls = new ArrayList<>();
    Matcher url = Pattern.compile("https?://[^\\s\"'<>)]*").matcher(html);
    while (url.find()) {
      urls.add(url.group());
    }
    assertTrue(urls.stream().allMatch("http://www.w3.org/2000/svg"::equals), "external references: " + urls);
    assertFalse(Pattern.compile("\\b(src|href)=|url\\((?!#)|@import", Pattern.CASE_INSENSITIVE).matcher(html)
        .find(), "the page loads a resource");
  }

  private static String section(String html, String id) {
    int start = html.indexOf("<section id=\"" + id + "\">");
    assertTrue(start >= 0, "no section " + id);
    return html.substring(start, html.indexOf("</section>", start));
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  /** Six short generations on three benchmarks (three categories, no code tasks), validated every other one. */
  private Path config() throws Exception {
    Path pool = TrainingFixtures.demoPoolWithoutLatency(dir);
    String demo = "fitness/src/main/resources/io/trinity/fitness/demo/";
    return TrainingYaml.builder().generations(GENERATIONS).population(8).tasksPerGeneration(9).sigma0(0.5)
        .validateEvery(2)
        .taskFiles("gsm8k", TrainingFixtures.repoFile(demo + "gsm8k.jsonl").toString(),
            "math", TrainingFixtures.repoFile(demo + "math500.jsonl").toString(),
            "mmlu", TrainingFixtures.repoFile(demo + "mmlu.jsonl").toString())
        .heldOutFraction(0.0).validationFraction(0.2).encoder(TrainingYaml.encoder(8)).maxInFlight(64)
        .pool(pool.getFileName().toString()).write(dir.resolve("train.yaml"));
  }
}
