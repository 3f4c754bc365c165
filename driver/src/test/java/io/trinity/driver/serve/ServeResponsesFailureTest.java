package io.trinity.driver.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.client.OpenAiClient;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pool that fails: a streamed response ends with an error event, a plain one gets an OpenAI error. */
class ServeResponsesFailureTest {
  private static final String BODY = "{\"model\":\"trinity-test\",\"stream\":%s,\"input\":\"What is 6 times 7?\"}";

  @Test
  void aFailedEpisodeEndsTheResponseStreamWithAnErrorEvent() throws Exception {
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
      List<String> lines = streamed.body().lines().filter(l -> !l.isEmpty()).toList();
      assertEquals(List.of("event: response.created", "event: error"),
          lines.stream().filter(l -> l.startsWith("event: ")).toList(), streamed.body());
      String error = lines.get(lines.size() - 1);
      assertTrue(error.startsWith("data: {\"type\":\"error\",\"sequence_number\":1,\"code\":\"upstream_error\"")
          && error.contains("\"error\":{") && error.contains("calling sim-slow"), error);

      HttpResponse<String> plain = http.send(request(server, false), HttpResponse.BodyHandlers.ofString());
      assertEquals(502, plain.statusCode(), plain.body());
      assertTrue(plain.body().startsWith("{\"error\":{") && plain.body().contains("calling sim-slow"), plain.body());
    }
  }

  private static HttpRequest request(CoordinatorServer server, boolean stream) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/responses"))
        .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted(stream))).build();
  }
}
