package io.trinity.driver.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.gateway.RunStoppedException;
import io.trinity.driver.io.HeadExports;
import io.trinity.driver.io.RunDirectory;
import io.trinity.driver.train.ChaosUpstream;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.transcript.RolePrompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trinity evaluate} acts on failed calls as training does: a rejected key stops it with one line. */
class EvaluationStopTest {
  private static final String KEY_ENV = "TRINITY_TEST_GATEWAY_TOKEN";

  @TempDir
  Path dir;

  @Test
  void aRejectedKeyStopsTheEvaluationNamingTheModelAndTheVariable() throws Exception {
    try (ChaosUpstream good = new ChaosUpstream(List.of(), 1.0, ChaosUpstream.Shares.NONE);
         ChaosUpstream rejecting = new ChaosUpstream(List.of(), 1.0, ChaosUpstream.Shares.NONE).rejectKeys()) {
      Files.writeString(dir.resolve("pool.yaml"), """
          retry: {max_attempts: 1}
          models:
            - {name: chaos-a, provider: openai, base_url: %s, api_key_env: %s, model: a,
               price: {input_per_mtok: 1, output_per_mtok: 2}}
            - {name: chaos-b, provider: openai, base_url: %s, api_key_env: %s, model: b,
               price: {input_per_mtok: 1, output_per_mtok: 2}}
          """.formatted(good.baseUrl(), KEY_ENV, rejecting.baseUrl(), KEY_ENV));
      CoordinatorSpec spec = new CoordinatorSpec(new String[] {"chaos-a", "chaos-b"},
          new EncoderSpec.Hashing(8, new String[] {"shapes", "state"}, 0),
          CandidateLayout.linear(new HeadShape(8, 2)), RolePrompts.CURRENT, new EpisodeSettings(2, 0.7, 256));
      HeadExports.write(RunDirectory.open(dir.resolve("head").toString(), new Configuration()), spec,
          new float[spec.layout().parameterCount()], null);
      StringBuilder tasks = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        tasks.append("{\"prompt\": \"What is ").append(i).append(" x 7?\", \"answer\": ").append(7 * i)
            .append(", \"format\": \"number\"}\n");
      }
      Files.writeString(dir.resolve("tasks.jsonl"), tasks);
      Path config = dir.resolve("evaluate.yaml");
      Files.writeString(config, """
          heads:
            - path: head
          tasks:
            files:
              - {benchmark: custom, path: tasks.jsonl}
          episode: {max_in_flight: 2}
          pool: {file: pool.yaml, preflight: false}
          spark: {master: "local[2]", partitions: 2, conf: {spark.ui.enabled: "false"}}
          """);

      RunStoppedException e = assertThrows(RunStoppedException.class, () -> new EvaluationJob(
          ConfigLoader.loadEvaluation(config), dir.resolve("out").toString(), false, false).run());

      assertEquals(RunStoppedException.CONFIGURATION_EXIT, e.exitCode());
      assertTrue(e.getMessage().startsWith("model 'chaos-b': " + rejecting.baseUrl() + " rejected the API key from "
          + "the environment variable " + KEY_ENV), e.getMessage());
      assertTrue(rejecting.calls() <= 4, "calls to the rejecting endpoint: " + rejecting.calls());
      assertFalse(Files.exists(dir.resolve("out/eval.json")));
    }
  }
}
