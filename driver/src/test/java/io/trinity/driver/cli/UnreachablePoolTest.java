package io.trinity.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.gateway.RunStoppedException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool whose endpoint is down, tried as a new user would: the check before the run names each model and its URL
 * on a line of its own; an endpoint that goes down after the check ends the run with one line naming the model, its
 * URL and what to do, and the exit code for an upstream that stayed down. Never Spark's stage-failure trace.
 */
class UnreachablePoolTest {
  @TempDir
  Path dir;

  private String url;

  /** Writes the pool (both models at one closed port) and a training config; returns the CLI's outcome. */
  private CliRun train(boolean preflight) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    url = "http://127.0.0.1:" + port + "/v1";
    Files.writeString(dir.resolve("pool.yaml"), """
        retry: {max_attempts: 2, initial_backoff_ms: 5, max_backoff_ms: 10}
        models:
          - name: local-a
            provider: openai
            base_url: %s
            model: llama-3-8b
            timeout_ms: 2000
            price: {input_per_mtok: 0, output_per_mtok: 0}
          - name: local-b
            provider: openai
            base_url: %s
            model: qwen-7b
            timeout_ms: 2000
            price: {input_per_mtok: 0, output_per_mtok: 0}
        """.formatted(url, url));
    Path config = dir.resolve("train.yaml");
    Files.writeString(config, """
        run: {seed: 3, generations: 2, population: 4, tasks_per_generation: 4}
        tasks: {bundled: demo, held_out_fraction: 0.2}
        encoder: {dimension: 8, features: [shapes]}
        episode: {max_turns: 2, failed_episode_retries: 1, failed_episode_wait_s: 0}
        pool: {file: pool.yaml, preflight: %b}
        spark: {master: "local[2]", conf: {spark.ui.enabled: "false"}}
        """.formatted(preflight));
    return CliRun.of("train", "--config", config.toString(), "--out", dir.resolve("run").toString());
  }

  @Test
  void theCheckBeforeTheRunNamesEachModelAndUrlOnALineOfItsOwn() throws Exception {
    CliRun outcome = train(true);

    assertEquals(2, outcome.exitCode(), outcome.err());
    String err = outcome.err().strip();
    assertTrue(err.startsWith("error: the pool check found 2 problem(s)"), err);
    for (String model : new String[] {"local-a", "local-b"}) {
      assertTrue(err.lines().anyMatch(l -> l.strip().startsWith("model " + model + ": cannot connect to " + url)),
          err);
    }
    assertFalse(err.contains("Job aborted") || err.contains("Exception"), err);
    assertFalse(Files.exists(dir.resolve("run/checkpoint.json")), "nothing was played");
  }

  @Test
  void aPoolThatGoesDownDuringTheRunStopsItWithOneLineNamingTheModelAndUrl() throws Exception {
    CliRun outcome = train(false);

    assertEquals(RunStoppedException.UNAVAILABLE_EXIT, outcome.exitCode(), outcome.err());
    String err = outcome.err().strip();
    assertFalse(err.contains("\n"), "one line: " + err);
    assertTrue(err.matches("error: model 'local-[ab]' at " + java.util.regex.Pattern.quote(url)
        + " stayed unavailable .*"), err);
    assertTrue(err.contains("check that the endpoint is up"), err);
    assertTrue(err.endsWith("no generation had completed: fix this and run again"), err);
    assertFalse(err.contains("Job aborted") || err.contains("Exception"), err);
    assertFalse(Files.exists(dir.resolve("run/checkpoint.json")), "no generation was completed");
  }
}
