package io.trinity.driver.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.gateway.server.GatewayStats;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that goes away mid-episode stops the episode before its next pool call: the upstream calls are counted
 * at the gateway. A Thinker-only coordinator plays all its turns, so without the disconnect it makes every call.
 */
class ServeCancellationTest {
  private static final int TURNS = 6;
  private static final int LATENCY_MS = 400;
  private static final String BODY = "{\"model\":\"trinity-test\",\"stream\":%s,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"What is 6 times 7?\"}]}";

  @Test
  void aDisconnectedStreamStopsItsEpisodeBeforeTheNextPoolCall() throws Exception {
    ServedModel model = new ServedModel("trinity-test", ServeFixtures.thinkerOnly(TURNS, "sim-slow"), "test");
    try (GatewayServer gateway = GatewayServer.builder().pool(ServeFixtures.slowPool(LATENCY_MS)).build().start();
        OpenAiClient pool = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build();
        CoordinatorServer server = CoordinatorServer.builder().models(List.of(model)).pool(pool).build().start()) {
      // The control: a client that waits gets every turn, one call each.
      HttpResponse<String> whole = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(server.baseUrl() + "/chat/completions"))
          .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted(false))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, whole.statusCode(), whole.body());
      assertEquals(TURNS, started(gateway));

      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        byte[] body = BODY.formatted(true).getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
            StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.contains("reasoning_content")) {
          // Headers and the role chunk; the first turn's reasoning comes after one call.
        }
        assertTrue(line != null, "the stream ended before its first turn");
      }
      // Turn 2's call went out as turn 1 came back; nothing after it may.
      long deadline = System.nanoTime() + 3_000_000_000L;
      while (!server.metricsText().contains("status=\"499\"") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(server.metricsText().contains("trinity_serve_errors_total{model=\"trinity-test\",status=\"499\""),
          server.metricsText());
      Thread.sleep(3L * LATENCY_MS);
      assertEquals(TURNS + 2, started(gateway), "upstream calls after the disconnect");
    }
  }

  @Test
  void aRequestPastItsTimeoutGetsA504AndItsEpisodeStops() throws Exception {
    ServedModel model = new ServedModel("trinity-test", ServeFixtures.thinkerOnly(TURNS, "sim-slow"), "test");
    try (GatewayServer gateway = GatewayServer.builder().pool(ServeFixtures.slowPool(LATENCY_MS)).build().start();
        OpenAiClient pool = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build();
        CoordinatorServer server = CoordinatorServer.builder().models(List.of(model)).pool(pool)
            .timeout(Duration.ofMillis(LATENCY_MS + LATENCY_MS / 2)).build().start()) {
      HttpResponse<String> late = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(server.baseUrl() + "/chat/completions"))
          .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted(false))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(504, late.statusCode(), late.body());
      assertTrue(late.body().contains("request_timeout"), late.body());
      Thread.sleep(2L * LATENCY_MS);
      long afterTimeout = started(gateway);
      assertTrue(afterTimeout <= 2, "upstream calls: at most the one in flight at the timeout: " + afterTimeout);
      Thread.sleep(2L * LATENCY_MS);
      assertEquals(afterTimeout, started(gateway), "upstream calls went on after the timeout");
    }
  }

  /** Calls the gateway has started: finished ones plus those in flight. */
  private static long started(GatewayServer gateway) {
    GatewayStats stats = gateway.stats();
    return stats.model("sim-slow").calls() + stats.inFlight();
  }
}
