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
import org.junit.jupiter.api.Test;

/** A pool that fails: a stream ends with an error event and no [DONE]; a plain request gets an OpenAI error. */
class ServeStreamFailureTest {
  private static final String BODY = "{\"model\":\"trinity-test\",\"stream\":%s,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"What is 6 times 7?\"}]}";

  @Test
  void aFailedPoolCallEndsTheStreamWithAnErrorEventNeverASilentDone() throws Exception {
    int closedPort;
    try (ServerSocket free = new ServerSocket(0)) {
      closedPort = free.getLocalPort();
    }
    ServedModel model = new ServedModel("trinity-test", ServeFixtures.thinkerOnly(3, "sim-slow"), "test");
    try (OpenAiClient pool = OpenAiClient.builder().baseUrl(URI.create("http://127.0.0.1:" + closedPort + "/v1"))
            .build();
        CoordinatorServer server = CoordinatorServer.builder().models(List.of(model)).pool(pool).build().start()) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> streamed = http.send(request(server, true), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, streamed.statusCode());
      List<String> events = streamed.body().lines().filter(l -> l.startsWith("data: ")).toList();
      assertTrue(events.get(0).contains("\"role\":\"assistant\""), events.toString());
      String last = events.get(events.size() - 1);
      assertTrue(last.contains("\"error\"") && last.contains("upstream_error") && last.contains("sim-slow"), last);
      assertFalse(streamed.body().contains("[DONE]"), streamed.body());

      HttpResponse<String> plain = http.send(request(server, false), HttpResponse.BodyHandlers.ofString());
      assertEquals(502, plain.statusCode(), plain.body());
      assertTrue(plain.body().contains("failed at turn 1 calling sim-slow"), plain.body());
      assertTrue(server.metricsText().contains("trinity_serve_errors_total{model=\"trinity-test\",status=\"502\""),
          server.metricsText());
    }
  }

  private static HttpRequest request(CoordinatorServer server, boolean stream) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
        .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted(stream))).build();
  }
}
