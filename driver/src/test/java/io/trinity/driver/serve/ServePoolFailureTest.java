package io.trinity.driver.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.client.OpenAiClient;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pool that fails (its gateway's port is closed), in both APIs: a stream ends with an error event (and a chat
 * completion stream with no [DONE]); a plain request gets an OpenAI error.
 */
class ServePoolFailureTest {
  private static final String CHAT_BODY = "{\"model\":\"trinity-test\",\"stream\":%s,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"What is 6 times 7?\"}]}";
  private static final String RESPONSES_BODY =
      "{\"model\":\"trinity-test\",\"stream\":%s,\"input\":\"What is 6 times 7?\"}";

  private final HttpClient http = HttpClient.newHttpClient();
  private OpenAiClient pool;
  private CoordinatorServer server;

  @BeforeEach
  void serveOnAClosedPort() throws Exception {
    int closedPort;
    try (ServerSocket free = new ServerSocket(0)) {
      closedPort = free.getLocalPort();
    }
    pool = OpenAiClient.builder().baseUrl(URI.create("http://127.0.0.1:" + closedPort + "/v1")).build();
    ServedModel model = new ServedModel("trinity-test", ServeFixtures.thinkerOnly(3, "sim-slow"), "test");
    server = CoordinatorServer.builder().models(List.of(model)).pool(pool).build().start();
  }

  @AfterEach
  void stop() {
    server.close();
    pool.close();
  }

  @Test
  void aFailedPoolCallEndsTheStreamWithAnErrorEventNeverASilentDone() throws Exception {
    HttpResponse<String> streamed = send("/chat/completions", CHAT_BODY, true);
    assertEquals(200, streamed.statusCode());
    List<String> events = streamed.body().lines().filter(l -> l.startsWith("data: ")).toList();
    assertTrue(events.get(0).contains("\"role\":\"assistant\""), events.toString());
    String last = events.get(events.size() - 1);
    assertTrue(last.contains("\"error\"") && last.contains("upstream_error") && last.contains("sim-slow"), last);
    assertFalse(streamed.body().contains("[DONE]"), streamed.body());

    HttpResponse<String> plain = send("/chat/completions", CHAT_BODY, false);
    assertEquals(502, plain.statusCode(), plain.body());
    assertTrue(plain.body().contains("failed at turn 1 calling sim-slow"), plain.body());
    assertTrue(server.metricsText().contains("trinity_serve_errors_total{model=\"trinity-test\",status=\"502\""),
        server.metricsText());
  }

  @Test
  void aFailedEpisodeEndsTheResponseStreamWithAnErrorEvent() throws Exception {
    HttpResponse<String> streamed = send("/responses", RESPONSES_BODY, true);
    assertEquals(200, streamed.statusCode());
    List<String> lines = streamed.body().lines().filter(l -> !l.isEmpty()).toList();
    assertEquals(List.of("event: response.created", "event: error"),
        lines.stream().filter(l -> l.startsWith("event: ")).toList(), streamed.body());
    String error = lines.get(lines.size() - 1);
    assertTrue(error.startsWith("data: {\"type\":\"error\",\"sequence_number\":1,\"code\":\"upstream_error\"")
        && error.contains("\"error\":{") && error.contains("calling sim-slow"), error);

    HttpResponse<String> plain = send("/responses", RESPONSES_BODY, false);
    assertEquals(502, plain.statusCode(), plain.body());
    assertTrue(plain.body().startsWith("{\"error\":{") && plain.body().contains("calling sim-slow"), plain.body());
  }

  private HttpResponse<String> send(String path, String body, boolean stream) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body.formatted(stream))).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
