package io.trinity.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** A streamed chat completion as its client reads it: every {@code data:} event with the time it arrived. */
public final class StreamedEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event as the client saw it, with the time it was read. */
    public record Event(String data, long nanos) {

        public JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new IllegalStateException(data, e);
            }
        }

        /** The first choice's delta {@code field} ({@code content}, {@code reasoning_content}), or null. */
        public String delta(String field) {
            JsonNode choices = json().path("choices");
            return choices.isEmpty() ? null : choices.get(0).path("delta").path(field).asText(null);
        }
    }

    private StreamedEvents() {
    }

    /** POSTs {@code body} to {@code url}, expects a 200, and reads the stream to its end. */
    public static List<Event> post(HttpClient http, URI url, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
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
