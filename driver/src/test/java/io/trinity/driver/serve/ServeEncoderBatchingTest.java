package io.trinity.driver.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.Coordinator;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.encode.Encoder;
import io.trinity.workers.encode.qwen3.Qwen3Config;
import io.trinity.workers.encode.qwen3.Qwen3Encoder;
import io.trinity.workers.encode.qwen3.RandomCheckpoint;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.Safetensors;
import io.trinity.workers.transcript.RolePrompts;
import io.trinity.workers.transcript.Transcript;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A head over a tiny random Qwen3 checkpoint, served to concurrent requests: their encodes share forwards (the
 * encoder's batcher) and none runs on an HTTP thread (the server's event loops, its bounded request pool, the pool
 * client's loops), only on the episode runner's work threads.
 */
class ServeEncoderBatchingTest {
  private static final Qwen3Config CONFIG = new Qwen3Config(64, 2, 4, 2, 24, 96, 1e-6, 1e6, 300, true, "bfloat16");
  private static final int REQUESTS = 12;
  private static final int TURNS = 3;
  /** Long enough that the turns of requests sent together come back together and meet at the encoder. */
  private static final int LATENCY_MS = 150;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void concurrentRequestsShareEncoderForwardsAndNeverEncodeOnAnHttpThread() throws Exception {
    Path model = dir.resolve("model");
    RandomCheckpoint.write(model, CONFIG, 3, Safetensors.Dtype.BF16);
    Set<String> encodingThreads = ConcurrentHashMap.newKeySet();
    try (Qwen3Encoder qwen3 = Qwen3Encoder.builder(model).build();
        GatewayServer gateway = GatewayServer.builder().pool(ServeFixtures.slowPool(LATENCY_MS)).build().start();
        OpenAiClient pool = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build();
        CoordinatorServer server = CoordinatorServer.builder()
            .models(List.of(new ServedModel("trinity-qwen3", coordinator(model, qwen3, encodingThreads), "test")))
            .pool(pool).build().start()) {
      HttpClient http = HttpClient.newHttpClient();
      List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        // Different questions, so that no request's encodes come from another's cached prefix.
        String body = "{\"model\":\"trinity-qwen3\",\"seed\":1,\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"What is " + i + " times 7?\"}]}";
        replies.add(http.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> reply : replies) {
        HttpResponse<String> response = reply.join();
        assertEquals(200, response.statusCode(), response.body());
        JsonNode completion = JSON.readTree(response.body());
        assertEquals(TURNS, completion.path("trinity").path("turns").asInt(), response.body());
      }
      assertEquals((long) REQUESTS * TURNS, qwen3.encodes(), "every turn of every request went through the encoder");
      assertTrue(qwen3.forwards() < qwen3.encodes(), "concurrent encodes share forwards: " + qwen3.forwards()
          + " forwards for " + qwen3.encodes() + " encodes");
      for (String thread : encodingThreads) {
        assertTrue(thread.startsWith("trinity-episode-work-"), "encoded on " + thread + "; all: " + encodingThreads);
      }
      System.out.printf("%d requests x %d turns: %d encodes in %d forwards on %d threads%n", REQUESTS, TURNS,
          qwen3.encodes(), qwen3.forwards(), encodingThreads.size());
    }
  }

  /**
   * A coordinator whose head is all zeros (every request plays all its turns as a Thinker of the one pool model),
   * over the shared encoder, noting the thread of each encode.
   */
  private static Coordinator coordinator(Path model, Qwen3Encoder qwen3, Set<String> threads) {
    CoordinatorSpec spec = new CoordinatorSpec(new String[] {"sim-slow"},
        new EncoderSpec.Qwen3(model.toString(), "float32", 4096, 1L << 30, 16, new String[0]),
        CandidateLayout.linear(new HeadShape(CONFIG.hiddenSize(), 1)), RolePrompts.CURRENT,
        new EpisodeSettings(TURNS, 0.7, 256));
    Encoder noting = new Encoder() {
      @Override
      public int dimension() {
        return qwen3.dimension();
      }

      @Override
      public String name() {
        return qwen3.name();
      }

      @Override
      public float[] encode(Transcript transcript) {
        threads.add(Thread.currentThread().getName());
        return qwen3.encode(transcript);
      }
    };
    return Coordinator.of(spec, new float[spec.layout().parameterCount()], noting);
  }
}
