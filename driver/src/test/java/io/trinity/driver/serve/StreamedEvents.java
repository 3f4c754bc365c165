package io.trinity.driver.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A streamed completion as its client reads it: every {@code data:} event with the time it arrived. (The gateway's
 * tests have their twin; the modules share no test jar.)
 */
final class StreamedEvents {
  /** One event as the client saw it, with the time it was read. */
  record Event(String data, long nanos) {}

  private StreamedEvents() {}

  /** POSTs {@code body} to {@code url}, expects a 200, and reads the stream to its end. */
  static List<Event> post(URI url, String body) throws IOException, InterruptedException {
    HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, response.statusCode());
    List<Event> events = new ArrayList<>();
    try (Stream<String> lines = response.body()) {
      Iterator<String> it = lines.iterator();
      while (it.hasNext()) {
        String line = it.next();
        if (line.startsWith("data: ")) {
          events.add(new Event(line.substring("data: ".length()), System.nanoTime()));
        }
      }
    }
    return events;
  }
}
