package io.trinity.driver.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.gateway.testing.StreamedEvents;
import io.trinity.gateway.testing.StreamedEvents.Event;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.Coordinator;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.encode.Encoder;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.transcript.RolePrompts;
import io.trinity.workers.transcript.Transcript;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A turn that the budget makes final, played by a Worker, streams its reply to the client as {@code content} token by
 * token as the pool's upstream produces it; a stream cut upstream after its first token ends the client's stream
 * with an error event, no {@code [DONE]}, and no fallback model.
 */
class ServeTokenStreamTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QUESTION = "What is 6 times 7?";
  private static final String BODY = "{\"model\":\"trinity-test\",\"stream\":%s,\"seed\":3,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}]}";
  private static final int LATENCY_MS = 1_500;

  /**
   * A one-turn coordinator whose head picks the first model as Worker for {@link #QUESTION}: the Worker row of the
   * linear head is the question's own feature vector, so its logit is the vector's squared length and the others 0.
   */
  static Coordinator workerOnce(String... models) {
    CoordinatorSpec spec = new CoordinatorSpec(models, new EncoderSpec.Hashing(16, new String[] {"state"}, 0),
        CandidateLayout.linear(new HeadShape(16, models.length)), RolePrompts.CURRENT,
        new EpisodeSettings(1, 0.7, 256));
    Encoder encoder = spec.encoder().create(ai.djl.Device.cpu());
    float[] x = encoder.encode(Transcript.of(QUESTION));
    float[] head = new float[spec.layout().parameterCount()];
    System.arraycopy(x, 0, head, (models.length + 1) * 16, 16);
    System.arraycopy(x, 0, head, 0, 16);
    return Coordinator.of(spec, head, encoder);
  }

  private static PoolConfig pool(String firstFaults) {
    return PoolConfig.parse("""
        retry: {max_attempts: 3, initial_backoff_ms: 5, multiplier: 1, max_backoff_ms: 5, jitter: 0}
        models:
          - name: sim-slow
            provider: sim
            price: {input_per_mtok: 1, output_per_mtok: 1}
            latency: {base_ms: %d, jitter_ms: 0}
            skills: {default: {thinker: 0.5, worker: 0.5, verifier: 0.5}}
            faults: {%s}
          - name: sim-b
            provider: sim
            price: {input_per_mtok: 1, output_per_mtok: 1}
            latency: {base_ms: 10, jitter_ms: 0}
            skills: {default: {thinker: 0.5, worker: 0.5, verifier: 0.5}}
        """.formatted(LATENCY_MS, firstFaults), "token-pool");
  }

  private static List<Event> stream(CoordinatorServer server) throws Exception {
    return StreamedEvents.post(HttpClient.newHttpClient(), URI.create(server.baseUrl() + "/chat/completions"),
        BODY.formatted(true));
  }

  private static String content(String data) throws Exception {
    JsonNode choices = JSON.readTree(data).path("choices");
    return choices.isEmpty() ? null : choices.get(0).path("delta").path("content").asText(null);
  }

  @Test
  void theFinalWorkerTurnStreamsItsTokensAsTheUpstreamProducesThem() throws Exception {
    ServedModel model = new ServedModel("trinity-test", workerOnce("sim-slow", "sim-b"), "test");
    try (GatewayServer gateway = GatewayServer.builder().pool(pool("")).build().start();
        OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build();
        CoordinatorServer server = CoordinatorServer.builder().models(List.of(model)).pool(client).build().start()) {
      long sent = System.nanoTime();
      List<Event> events = stream(server);
      assertEquals("[DONE]", events.get(events.size() - 1).data());
      Long first = null;
      StringBuilder text = new StringBuilder();
      int turnChunk = -1;
      int lastContent = -1;
      for (int i = 0; i < events.size() - 1; i++) {
        String data = events.get(i).data();
        String piece = content(data);
        if (piece != null && !piece.isEmpty()) {
          text.append(piece);
          lastContent = i;
          if (first == null) {
            first = events.get(i).nanos();
          }
        }
        JsonNode turn = JSON.readTree(data).path("trinity").path("turn");
        if (!turn.isMissingNode()) {
          turnChunk = i;
          assertEquals("content", turn.path("streamed_as").asText(), data);
          assertEquals("worker", turn.path("role").asText(), data);
          assertFalse(data.contains("reasoning_content"), "the streamed turn is not repeated as reasoning: " + data);
        }
      }
      assertNotNull(first, "content was streamed");
      long firstMs = (first - sent) / 1_000_000;
      long doneMs = (events.get(events.size() - 1).nanos() - sent) / 1_000_000;
      assertTrue(firstMs < LATENCY_MS / 2, "first content after " + firstMs + " ms, done after " + doneMs);
      assertTrue(doneMs >= LATENCY_MS - 50, "done after " + doneMs + " ms");
      assertTrue(turnChunk > lastContent, "the turn's chunk follows its content");

      HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(server.baseUrl() + "/chat/completions"))
          .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted(false))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(text.toString(), JSON.readTree(plain.body()).at("/choices/0/message/content").asText(), plain.body());
    }
  }

  @Test
  void aFinalAnswerCutUpstreamEndsWithAnErrorEventAndNoFallback() throws Exception {
    ServedModel model = new ServedModel("trinity-test", workerOnce("sim-slow", "sim-b"), "test");
    try (GatewayServer gateway = GatewayServer.builder().pool(pool("truncated_stream: 1.0")).build().start();
        OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build();
        CoordinatorServer server = CoordinatorServer.builder().models(List.of(model)).pool(client).build().start()) {
      List<Event> events = stream(server);
      assertFalse(events.stream().anyMatch(e -> e.data().equals("[DONE]")), events.toString());
      String last = events.get(events.size() - 1).data();
      assertTrue(last.contains("\"error\"") && last.contains("the stream from sim-slow broke off after its first chunk"),
          last);
      assertTrue(events.stream().anyMatch(e -> {
        try {
          String c = content(e.data());
          return c != null && !c.isEmpty();
        } catch (Exception x) {
          return false;
        }
      }), "the client saw text before the cut");
      assertEquals(0, gateway.retries(), "no retry after the first chunk");
      assertEquals(1, gateway.accounting().total().failures());
      assertEquals(1, gateway.accounting().total().upstreamCalls(), "only the cut call, which is paid");
      assertEquals(null, gateway.accounting().byModel().get("sim-b"), "no fallback model was called");
    }
  }
}
