package io.trinity.workers.episode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.trinity.fitness.demo.DemoTasks;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.workers.head.Decision;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.RolePrompts;
import io.trinity.workers.transcript.Transcript;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An episode's temperature and max_tokens fill what the pool entries leave unset, and replace the entries' values
 * only when the settings override them on purpose; through a real gateway to an OpenAI stand-in on loopback.
 */
class EpisodeParametersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPLY = """
      {"id": "c1", "object": "chat.completion", "created": 1, "model": "m",
       "choices": [{"index": 0, "message": {"role": "assistant", "content": "\\\\boxed{4}"}, "finish_reason": "stop"}],
       "usage": {"prompt_tokens": 10, "completion_tokens": 3, "total_tokens": 13}}""";

  /** Worker on the tuned entry, then Worker on the reasoning one. */
  private record BothModels() implements Policy {
    @Override
    public Decision decide(Transcript t) {
      return new Decision(t.turns().size() == 0 ? 0 : 1, Role.WORKER);
    }
  }

  private static List<JsonNode> play(EpisodeSettings settings) throws IOException {
    List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/v1/chat/completions", exchange -> {
      bodies.add(JSON.readTree(exchange.getRequestBody()));
      byte[] bytes = REPLY.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    upstream.start();
    String base = "http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1";
    try (GatewayServer gateway = GatewayServer.builder().pool(PoolConfig.parse("""
            models:
              - name: tuned
                provider: openai
                base_url: %1$s
                temperature: 0.2
                max_tokens: 64
                price: {input_per_mtok: 1, output_per_mtok: 2}
              - name: reasoner
                provider: openai
                base_url: %1$s
                max_tokens_param: max_completion_tokens
                accepts_temperature: false
                price: {input_per_mtok: 1, output_per_mtok: 2}
            """.formatted(base), "episode-params-pool")).build().start();
         OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
      new EpisodeRunner(client, List.of("tuned", "reasoner"), 1).run(new Episode(DemoTasks.load().get(0),
          new BothModels(), RolePrompts.CURRENT, settings, Sampling.training(0))).join();
    } finally {
      upstream.stop(0);
    }
    assertEquals(2, bodies.size());
    return bodies;
  }

  @Test
  void theEntriesOwnValuesWinAndTheEpisodeFillsTheRest() throws Exception {
    List<JsonNode> sent = play(new EpisodeSettings(2, 0.7, 512));
    assertEquals(0.2, sent.get(0).path("temperature").asDouble());
    assertEquals(64, sent.get(0).path("max_tokens").asInt());
    assertEquals(512, sent.get(1).path("max_completion_tokens").asInt());
    assertFalse(sent.get(1).has("temperature") || sent.get(1).has("max_tokens"), sent.get(1).toString());
  }

  @Test
  void anOverrideReplacesThemButNeverSendsWhatAModelRefuses() throws Exception {
    List<JsonNode> sent = play(new EpisodeSettings(2, 0.7, 512, true));
    assertEquals(0.7, sent.get(0).path("temperature").asDouble());
    assertEquals(512, sent.get(0).path("max_tokens").asInt());
    assertEquals(512, sent.get(1).path("max_completion_tokens").asInt());
    assertFalse(sent.get(1).has("temperature"), sent.get(1).toString());
  }
}
