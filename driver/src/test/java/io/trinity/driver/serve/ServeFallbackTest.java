package io.trinity.driver.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.grade.Graders;
import io.trinity.fitness.key.AnswerKey;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.Coordinator;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.encode.Encoder;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.Ranking;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.RolePrompts;
import io.trinity.workers.transcript.Transcript;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The head's preferred model fails at the pool: the turn is answered by its next-ranked model, the reply records
 * the fallback, and the answer is that model's (right) one. When every model fails the client gets an OpenAI error
 * naming each.
 */
class ServeFallbackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Task TASK = DemoTasks.load().get(0);
  private static final String[] MODELS = {"sim-down", "sim-right", "sim-wrong"};
  /** One attempt per call, and a breaker that opens after four failed attempts and stays open for the test. */
  private static final String SETTINGS = """
      seed: 3
      retry: {max_attempts: 1}
      circuit_breaker: {failure_rate_percent: 50, window: 4, minimum_calls: 4, open_ms: 600000}
      models:
      """;

  @TempDir
  Path dir;

  @Test
  void theNextRankedModelAnswersWhenTheHeadsChoiceFailsAndTheReplySaysSo() throws Exception {
    Coordinator coordinator = rankingWorker(1.0f, 0.5f, 0.25f);
    assertEquals(new Ranking(List.of(0, 1, 2), Role.WORKER), coordinator.rank(Transcript.of(TASK.prompt())),
        "the head prefers sim-down, then sim-right");
    String pool = SETTINGS + model("sim-down", "1.0", "faults: {server_error: 1.0}") + model("sim-right", "1.0", "")
        + model("sim-wrong", "0.0", "");
    try (Served served = serve(pool, coordinator)) {
      // Four failed attempts open sim-down's circuit: the first four fallbacks follow its 5xx (502 from the
      // gateway), the fifth follows the open circuit (503).
      for (int request = 1; request <= 5; request++) {
        HttpResponse<String> reply = served.post(false);
        assertEquals(200, reply.statusCode(), reply.body());
        JsonNode body = JSON.readTree(reply.body());
        String content = body.at("/choices/0/message/content").asText();
        assertTrue(Graders.forTask(TASK).grade(TASK, content).correct(), content);
        JsonNode turn = body.at("/usage/trinity/turns/0");
        assertEquals("sim-right", turn.get("model").asText());
        assertEquals("worker", turn.get("role").asText());
        JsonNode fallback = turn.at("/fallback_from/0");
        assertEquals("sim-down", fallback.get("model").asText(), turn.toString());
        assertEquals(request <= 4 ? 502 : 503, fallback.get("status").asInt(), turn.toString());
        assertTrue(fallback.get("error").asText().contains(request <= 4 ? "sim-down" : "circuit breaker"),
            turn.toString());
        assertEquals(1, turn.get("fallback_from").size());
      }

      // Streamed, the one Worker turn is final and streams as content: sim-down failed before its first chunk, so
      // the fallback still applies and sim-right's reply is the streamed content.
      HttpResponse<String> streamed = served.post(true);
      JsonNode turnChunk = JSON.readTree(streamed.body().lines()
          .filter(l -> l.contains("\"trinity\":{\"turn\"")).findFirst().orElseThrow().substring("data: ".length()));
      assertEquals("sim-down", turnChunk.at("/trinity/turn/fallback_from/0/model").asText(), streamed.body());
      assertEquals("content", turnChunk.at("/trinity/turn/streamed_as").asText(), streamed.body());
      assertTrue(streamed.body().contains("[DONE]"), streamed.body());
      assertTrue(served.server.metricsText().contains("trinity_serve_fallbacks_total{model=\"trinity-test\","
          + "pool_model=\"sim-down\",status=\"503\",} 2.0"), served.server.metricsText());
    }
  }

  @Test
  void whenEveryModelFailsTheErrorNamesEachModelInTheHeadsOrder() throws Exception {
    String pool = SETTINGS + model("sim-down", "1.0", "faults: {server_error: 1.0}")
        + model("sim-right", "1.0", "faults: {server_error: 1.0}")
        + model("sim-wrong", "0.0", "faults: {server_error: 1.0}");
    try (Served served = serve(pool, rankingWorker(0.25f, 1.0f, 0.5f))) {
      HttpResponse<String> plain = served.post(false);
      assertEquals(502, plain.statusCode(), plain.body());
      String message = JSON.readTree(plain.body()).at("/error/message").asText();
      assertTrue(message.contains("failed at turn 1, calling 3 models in the policy's order: sim-right ("), message);
      assertTrue(message.indexOf("sim-right (") < message.indexOf("sim-wrong (")
          && message.indexOf("sim-wrong (") < message.indexOf("sim-down ("), message);

      HttpResponse<String> streamed = served.post(true);
      List<String> events = streamed.body().lines().filter(l -> l.startsWith("data: ")).toList();
      assertTrue(events.get(events.size() - 1).contains("calling 3 models"), streamed.body());
      assertFalse(streamed.body().contains("[DONE]"), streamed.body());
    }
  }

  @Test
  void onlyAFailureOfTheChosenModelFallsBack() {
    assertTrue(EpisodeErrors.modelUnavailable(new GatewayException(503, "circuit_open", "open")));
    assertTrue(EpisodeErrors.modelUnavailable(new GatewayException(502, "upstream_error", "down")));
    assertTrue(EpisodeErrors.modelUnavailable(new GatewayException(429, "rate_limit_error", "slow down")));
    assertTrue(EpisodeErrors.modelUnavailable(new GatewayException(400, "invalid_request_error", "too long")));
    assertFalse(EpisodeErrors.modelUnavailable(new GatewayException(402, "budget_exhausted", "spent")),
        "the gateway's budget is the whole pool's");
    assertFalse(EpisodeErrors.modelUnavailable(new GatewayException(401, "authentication_error", "token")));
    assertFalse(EpisodeErrors.modelUnavailable(new GatewayException(0, "connection_error", "no gateway")));
    assertFalse(EpisodeErrors.modelUnavailable(new IllegalStateException("a bug")));
  }

  /**
   * A one-turn coordinator whose head, on the question, ranks the pool models by {@code scores} and picks Worker:
   * each model row is its score times the question's representation h, the Worker row h and the other roles -h,
   * so each logit is that multiple of |h|^2.
   */
  private static Coordinator rankingWorker(float... scores) {
    int d = 16;
    CoordinatorSpec spec = new CoordinatorSpec(MODELS, new EncoderSpec.Hashing(d, new String[] {"shapes", "state"},
        0), CandidateLayout.linear(new HeadShape(d, MODELS.length)), RolePrompts.CURRENT,
        new EpisodeSettings(1, 0.7, 256));
    Encoder encoder = spec.encoder().create(ai.djl.Device.cpu());
    float[] h = encoder.encode(Transcript.of(TASK.prompt()));
    float[] weights = new float[spec.layout().parameterCount()];
    float[] rowScales = {scores[0], scores[1], scores[2], -1, 1, -1};
    for (int row = 0; row < rowScales.length; row++) {
      for (int i = 0; i < d; i++) {
        weights[row * d + i] = rowScales[row] * h[i];
      }
    }
    return Coordinator.of(spec, weights, encoder);
  }

  private static String model(String name, String skill, String faults) {
    return "  - name: " + name + "\n"
        + "    provider: sim\n"
        + "    price: {input_per_mtok: 1, output_per_mtok: 1}\n"
        + "    latency: {base_ms: 0, jitter_ms: 0}\n"
        + "    skills: {default: {thinker: %s, worker: %s, verifier: %s}}\n".formatted(skill, skill, skill)
        + (faults.isEmpty() ? "" : "    " + faults + "\n");
  }

  private Served serve(String poolYaml, Coordinator coordinator) throws Exception {
    Path key = dir.resolve("answer-key.jsonl");
    try (OutputStream out = Files.newOutputStream(key)) {
      AnswerKey.write(List.of(TASK), out);
    }
    GatewayServer gateway = GatewayServer.builder().pool(PoolConfig.parse(poolYaml, "fallback-pool.yaml"))
        .answerKey(key).build().start();
    OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build();
    CoordinatorServer server = CoordinatorServer.builder()
        .models(List.of(new ServedModel("trinity-test", coordinator, "test"))).pool(client).build().start();
    return new Served(gateway, client, server);
  }

  private record Served(GatewayServer gateway, OpenAiClient client, CoordinatorServer server)
      implements AutoCloseable {
    HttpResponse<String> post(boolean stream) throws Exception {
      ObjectNode body = JSON.createObjectNode().put("model", "trinity-test").put("stream", stream);
      body.putArray("messages").addObject().put("role", "user").put("content", TASK.prompt());
      body.putObject("trinity").put("answer_format", TASK.format().wireName());
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
      server.close();
      client.close();
      gateway.close();
    }
  }
}
