package io.trinity.driver.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.gateway.testing.StreamedEvents;
import io.trinity.gateway.testing.StreamedEvents.Event;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Serving with a real provider in the pool: the final Worker turn's model is an {@code openai} entry whose upstream
 * (a scripted OpenAI endpoint on loopback) streams its answer as server-sent events, and the served stream carries
 * that answer in several content deltas as the upstream writes them, not in one piece after it finished.
 */
class ServeUpstreamStreamTest {
  static {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY = "{\"model\":\"trinity-test\",\"stream\":true,\"seed\":3,"
      + "\"stream_options\":{\"include_usage\":true},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"What is 6 times 7?\"}]}";
  private static final String[] WORDS = {"Six", " times", " seven", " is", " \\boxed{42}", "."};
  private static final long GAP_MS = 250;

  private static String chunk(String content, String finishReason, int[] usage) {
    ObjectNode c = JSON.createObjectNode().put("id", "chatcmpl-up").put("object", "chat.completion.chunk")
        .put("created", 1).put("model", "upstream-model");
    if (usage != null) {
      c.putArray("choices");
      c.putObject("usage").put("prompt_tokens", usage[0]).put("completion_tokens", usage[1])
          .put("total_tokens", usage[0] + usage[1]);
    } else {
      ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
      ObjectNode delta = choice.putObject("delta");
      if (content != null) {
        delta.put("content", content);
      }
      choice.put("finish_reason", finishReason);
    }
    return "data: " + c + "\n\n";
  }

  /** An OpenAI endpoint that streams {@link #WORDS}, one chunk every {@link #GAP_MS}, then the usage and [DONE]. */
  private static HttpServer upstream(List<JsonNode> seen, ExecutorService threads) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(threads);
    server.createContext("/v1/chat/completions", ex -> {
      seen.add(JSON.readTree(ex.getRequestBody()));
      ex.getResponseHeaders().set("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      List<String> events = new ArrayList<>();
      events.add(chunk("", null, null));
      for (String w : WORDS) {
        events.add(chunk(w, null, null));
      }
      events.add(chunk(null, "stop", null));
      events.add(chunk(null, null, new int[] {40, 12}));
      events.add("data: [DONE]\n\n");
      try (OutputStream out = ex.getResponseBody()) {
        for (String e : events) {
          Thread.sleep(GAP_MS);
          out.write(e.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
    return server;
  }

  @Test
  void theFinalAnswerOfAnOpenAiUpstreamStreamsInSeveralContentDeltas() throws Exception {
    List<JsonNode> seen = new CopyOnWriteArrayList<>();
    ExecutorService threads = Executors.newCachedThreadPool();
    HttpServer upstream = upstream(seen, threads);
    PoolConfig pool = PoolConfig.parse("""
        models:
          - name: gpt-up
            provider: openai
            base_url: http://127.0.0.1:%d/v1
            model: upstream-model
            price: {input_per_mtok: 1, output_per_mtok: 4}
        """.formatted(upstream.getAddress().getPort()), "openai-pool");
    ServedModel model = new ServedModel("trinity-test", ServeTokenStreamTest.workerOnce("gpt-up"), "test");
    try (GatewayServer gateway = GatewayServer.builder().pool(pool).build().start();
        OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build();
        CoordinatorServer server = CoordinatorServer.builder().models(List.of(model)).pool(client).build().start()) {
      long sent = System.nanoTime();
      List<Event> events = StreamedEvents.post(HttpClient.newHttpClient(),
          URI.create(server.baseUrl() + "/chat/completions"), BODY);
      assertEquals("[DONE]", events.get(events.size() - 1).data(), events.toString());
      StringBuilder text = new StringBuilder();
      int deltas = 0;
      Long first = null;
      JsonNode usage = null;
      for (Event e : events.subList(0, events.size() - 1)) {
        JsonNode chunk = JSON.readTree(e.data());
        JsonNode choices = chunk.path("choices");
        String piece = choices.isEmpty() ? null : choices.get(0).path("delta").path("content").asText(null);
        if (piece != null && !piece.isEmpty()) {
          text.append(piece);
          deltas++;
          first = first == null ? e.nanos() : first;
        }
        if (chunk.path("usage").isObject()) {
          usage = chunk.path("usage");
        }
      }
      assertEquals(String.join("", WORDS), text.toString());
      assertTrue(deltas >= WORDS.length, "content deltas: " + deltas + " in " + events);
      assertNotNull(first);
      long upstreamMs = GAP_MS * (WORDS.length + 4);
      long firstMs = (first - sent) / 1_000_000;
      long doneMs = (events.get(events.size() - 1).nanos() - sent) / 1_000_000;
      assertTrue(doneMs >= upstreamMs - 50, "the upstream took " + upstreamMs + " ms; done after " + doneMs);
      assertTrue(doneMs - firstMs >= upstreamMs / 2, "first content after " + firstMs + " ms, done after " + doneMs);
      assertNotNull(usage, "usage chunk");
      assertEquals(52, usage.path("total_tokens").asInt(), usage.toString());

      assertEquals(1, seen.size());
      assertTrue(seen.get(0).path("stream").asBoolean(), seen.get(0).toString());
      assertEquals(40, gateway.accounting().total().promptTokens());
      assertEquals(12, gateway.accounting().total().completionTokens());
    } finally {
      upstream.stop(0);
      threads.shutdownNow();
    }
  }
}
