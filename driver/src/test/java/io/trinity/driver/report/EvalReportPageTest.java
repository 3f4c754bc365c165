package io.trinity.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.eval.CategoryScore;
import io.trinity.driver.eval.Coverage;
import io.trinity.driver.eval.Difference;
import io.trinity.driver.eval.EvalReport;
import io.trinity.driver.eval.HeadComparison;
import io.trinity.driver.eval.Interval;
import io.trinity.driver.eval.PolicyKind;
import io.trinity.driver.eval.PolicyScore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation's {@code report.html}: self-contained, escaped, and drawn by a real browser without errors. */
class EvalReportPageTest {
  private static final List<String> CATEGORIES = List.of("math", "code", "knowledge");
  private static final Map<String, Integer> QUESTIONS = Map.of("math", 50, "code", 30, "knowledge", 40);
  private static final int N = 120;
  private static final String ODD_HEAD = "head <v2> & co";
  private static final String BEST = "gpt-sim-large";
  private static final List<String> MODELS = List.of(BEST, "qwen-sim-7b", "llama-sim-8b", "mistral-sim-small");
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 4000;

  @TempDir
  Path dir;

  @Test
  void pageIsSelfContainedEscapedAndRendersWithoutConsoleErrors() throws Exception {
    EvalReport report = report();
    String html = ReportPage.html(report, "Held-out <eval> & baselines");
    Path page = Files.writeString(dir.resolve("report.html"), html);

    assertTrue(html.contains("<h1>Held-out &lt;eval&gt; &amp; baselines</h1>"), "title not escaped");
    assertTrue(html.contains("<td>head &lt;v2&gt; &amp; co"), "the odd head's row is missing or not escaped");
    assertFalse(html.contains(ODD_HEAD), "a policy name went into the page unescaped");
    for (PolicyScore policy : report.policies()) {
      if (!policy.policy().equals(ODD_HEAD)) {
        assertTrue(html.contains("<td>" + policy.policy()), "no row for " + policy.policy());
      }
    }
    assertEquals(report.paretoFrontier().size(), count(html, "class=\"tag pareto\""), "Pareto marks");
    assertEquals(1, count(html, "class=\"tag best\""), "best single model marks");
    assertEquals(3, count(html, "<svg"), "charts");

    List<String> urls = new ArrayList<>();
    Matcher url = Pattern.compile("https?://[^\\s\"'<>)]*").matcher(html);
    while (url.find()) {
      urls.add(url.group());
    }
    assertFalse(urls.isEmpty(), "the inline SVGs should declare their namespace");
    assertTrue(urls.stream().allMatch("http://www.w3.org/2000/svg"::equals), "external references: " + urls);
    // Chromium's log shows script errors but not failed loads, so the page must name nothing to load.
    assertFalse(Pattern.compile("\\b(src|href)=|url\\((?!#)|@import", Pattern.CASE_INSENSITIVE).matcher(html)
        .find(), "the page loads a resource");

    Path png = dir.resolve("report.png");
    List<String> console = HeadlessChromium.screenshot(page, png, WIDTH, HEIGHT, dir);
    assertEquals(List.of(), console, "console messages");
    Screenshot shot = Screenshot.read(png);
    assertEquals(WIDTH, shot.width(), "screenshot width");
    int firstSeries = shot.firstSeriesPixels();
    assertTrue(shot.colours() > 16, "the screenshot has only " + shot.colours() + " colours");
    // The first category's bars and the first model's stacks are filled with the first series colour: if the
    // browser drew no chart, no pixel has it.
    assertTrue(firstSeries > 1000, "only " + firstSeries + " pixels in the first series colour: charts not drawn");
  }

  /** Without this, a Chromium that stopped logging the console would pass the check above whatever the page. */
  @Test
  void consoleCheckSeesAPlantedError() throws Exception {
    Path page = Files.writeString(dir.resolve("broken.html"), "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
        + "<title>broken</title></head><body><p>broken</p><script>console.error('planted');noSuchFunction();"
        + "</script></body></html>");
    List<String> console = HeadlessChromium.screenshot(page, dir.resolve("broken.png"), 400, 300, dir);
    assertTrue(console.stream().anyMatch(line -> line.contains("planted")), "console.error not seen: " + console);
    assertTrue(console.stream().anyMatch(line -> line.contains("noSuchFunction")), "uncaught error not seen: "
        + console);
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  /**
   * Two heads against every baseline on 120 questions, with costs such that the frontier runs through three single
   * models, one random router, the best single model and both heads.
   */
  private static EvalReport report() {
    List<PolicyScore> policies = List.of(
        policy("trinity-head-a", PolicyKind.HEAD, 0.74, 2.6, 0.00520),
        policy(ODD_HEAD, PolicyKind.HEAD, 0.66, 2.9, 0.00480),
        policy(BEST, PolicyKind.SINGLE_MODEL, 0.61, 1, 0.00400),
        policy("qwen-sim-7b", PolicyKind.SINGLE_MODEL, 0.52, 1, 0.00090),
        policy("llama-sim-8b", PolicyKind.SINGLE_MODEL, 0.47, 1, 0.00045),
        policy("mistral-sim-small", PolicyKind.SINGLE_MODEL, 0.40, 1, 0.00020),
        policy("random-router/seed-1", PolicyKind.RANDOM_ROUTER, 0.50, 3.4, 0.00310),
        policy("random-router/seed-2", PolicyKind.RANDOM_ROUTER, 0.48, 3.5, 0.00290),
        policy("random-router/seed-3", PolicyKind.RANDOM_ROUTER, 0.53, 3.3, 0.00330),
        policy("majority-vote", PolicyKind.MAJORITY_VOTE, 0.63, 4, 0.00655),
        policy("self-consistency/" + BEST + "/k-5", PolicyKind.SELF_CONSISTENCY, 0.65, 5, 0.02000),
        policy("pipeline/" + BEST, PolicyKind.PIPELINE, 0.62, 3, 0.01150),
        policy("oracle", PolicyKind.ORACLE, 0.83, 4, 0.00655));
    List<String> frontier = List.of("mistral-sim-small", "llama-sim-8b", "qwen-sim-7b", "random-router/seed-3", BEST,
        ODD_HEAD, "trinity-head-a");
    String routers = "random router (mean of 3)";
    List<HeadComparison> heads = List.of(
        new HeadComparison("trinity-head-a", new Difference("trinity-head-a", BEST, 0.13, new Interval(0.04, 0.22)),
            new Difference("trinity-head-a", routers, 0.237, new Interval(0.15, 0.32)), 0.59, 0.71),
        new HeadComparison(ODD_HEAD, new Difference(ODD_HEAD, BEST, 0.05, new Interval(-0.03, 0.13)),
            new Difference(ODD_HEAD, routers, 0.157, new Interval(0.07, 0.24)), 0.227, 0.64));
    Map<String, Integer> only = new LinkedHashMap<>();
    int[] onlyCounts = {9, 5, 3, 2};
    int[][] both = {{73, 48, 44, 39}, {48, 62, 40, 35}, {44, 40, 56, 33}, {39, 35, 33, 48}};
    Map<String, Map<String, Integer>> solvedByBoth = new LinkedHashMap<>();
    for (int a = 0; a < MODELS.size(); a++) {
      only.put(MODELS.get(a), onlyCounts[a]);
      Map<String, Integer> row = new LinkedHashMap<>();
      for (int b = 0; b < MODELS.size(); b++) {
        row.put(MODELS.get(b), both[a][b]);
      }
      solvedByBoth.put(MODELS.get(a), row);
    }
    Map<String, Map<String, Map<String, Double>>> selections = new LinkedHashMap<>();
    selections.put("trinity-head-a", shares(new double[][] {{0.55, 0.25, 0.15, 0.05}, {0.30, 0.50, 0.15, 0.05},
        {0.40, 0.10, 0.10, 0.40}}));
    selections.put(ODD_HEAD, shares(new double[][] {{0.40, 0.30, 0.20, 0.10}, {0.25, 0.25, 0.25, 0.25},
        {0.70, 0.10, 0.10, 0.10}}));
    return new EvalReport(EvalReport.FORMAT_VERSION, N, CATEGORIES, BEST, policies, heads,
        new Coverage(only, solvedByBoth, 20), frontier, selections,
        new EvalReport.Statistics("percentile bootstrap over questions", 2000, 7L, 0.95), null);
  }

  /** A policy whose categories sit around its accuracy: math easier, code harder. */
  private static PolicyScore policy(String name, PolicyKind kind, double accuracy, double turns, double usd) {
    double[] offsets = {0.05, -0.10, 0.02};
    Map<String, CategoryScore> byCategory = new LinkedHashMap<>();
    for (int c = 0; c < CATEGORIES.size(); c++) {
      int n = QUESTIONS.get(CATEGORIES.get(c));
      double p = Math.min(1, Math.max(0, accuracy + offsets[c]));
      byCategory.put(CATEGORIES.get(c), new CategoryScore(p, interval(p, n), n));
    }
    return new PolicyScore(name, kind, accuracy, interval(accuracy, N), N, byCategory, turns, 410 * turns, usd,
        usd * N);
  }

  /** A normal-approximation interval, clipped to [0, 1]: shaped like the bootstrap's, which is all the page needs. */
  private static Interval interval(double p, int n) {
    double half = 1.96 * Math.sqrt(p * (1 - p) / n);
    return new Interval(Math.max(0, p - half), Math.min(1, p + half));
  }

  private static Map<String, Map<String, Double>> shares(double[][] byCategory) {
    Map<String, Map<String, Double>> shares = new LinkedHashMap<>();
    for (int c = 0; c < CATEGORIES.size(); c++) {
      Map<String, Double> row = new LinkedHashMap<>();
      for (int m = 0; m < MODELS.size(); m++) {
        row.put(MODELS.get(m), byCategory[c][m]);
      }
      shares.put(CATEGORIES.get(c), row);
    }
    return shares;
  }
}
