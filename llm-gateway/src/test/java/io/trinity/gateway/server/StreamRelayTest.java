package io.trinity.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.gateway.accounting.CallRecord;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.testing.Fixtures;
import io.trinity.gateway.testing.Fixtures.KeyEntry;
import io.trinity.gateway.testing.StreamedEvents;
import io.trinity.gateway.testing.StreamedEvents.Event;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway relays an upstream's stream as it comes (here the simulated pool's, which streams its reply in pieces
 * spread over its latency), and the retry rule: before the first chunk a failure is retried, after it never, and the
 * stream ends with an error event instead of {@code [DONE]}.
 */
class StreamRelayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long LATENCY_MS = 1_500;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    /** One event as the client saw it, with the time it was read. */
    private GatewayServer gateway(String pool, List<KeyEntry> questions) {
        return GatewayServer.builder().pool(PoolConfig.parse(pool, "relay-pool"))
                .answerKey(Fixtures.writeAnswerKey(dir.resolve("key.jsonl"), questions)).build().start();
    }

    private static String body(String prompt, boolean stream) throws Exception {
        var root = JSON.createObjectNode().put("model", "sim-a").put("seed", 4).put("stream", stream);
        var messages = root.putArray("messages");
        Fixtures.turn("Worker", prompt).forEach(m -> messages.addObject().put("role", m.role())
                .put("content", m.content()));
        root.putObject("stream_options").put("include_usage", true);
        return JSON.writeValueAsString(root);
    }

    private List<Event> stream(GatewayServer gateway, String body) throws Exception {
        return StreamedEvents.post(http, URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"),
                body);
    }

    private static String content(JsonNode chunk) {
        JsonNode choices = chunk.path("choices");
        return choices.isEmpty() ? null : choices.get(0).path("delta").path("content").asText(null);
    }

    @Test
    void theFirstContentDeltaReachesTheClientLongBeforeTheUpstreamFinishes() throws Exception {
        List<KeyEntry> qs = Fixtures.numberQuestions(1, "gsm8k");
        try (GatewayServer gateway = gateway(Fixtures.simPool("sim-a", 0.5, LATENCY_MS, 0), qs)) {
            long sent = System.nanoTime();
            List<Event> events = stream(gateway, body(qs.get(0).prompt(), true));
            assertEquals("[DONE]", events.get(events.size() - 1).data());
            Long firstContent = null;
            StringBuilder text = new StringBuilder();
            int contentEvents = 0;
            for (Event e : events.subList(0, events.size() - 1)) {
                String piece = content(JSON.readTree(e.data()));
                if (piece != null && !piece.isEmpty()) {
                    text.append(piece);
                    contentEvents++;
                    if (firstContent == null) {
                        firstContent = e.nanos();
                    }
                }
            }
            long firstMs = (firstContent - sent) / 1_000_000;
            long doneMs = (events.get(events.size() - 1).nanos() - sent) / 1_000_000;
            // The sim spreads its pieces evenly over its latency: the first one comes after a fraction of it.
            assertTrue(contentEvents >= 4, "pieces: " + contentEvents);
            assertTrue(doneMs >= LATENCY_MS - 50, "the upstream took its latency: " + doneMs);
            // Measured against the end rather than the send, so a slow start on a busy machine cannot fail it; a
            // gateway that buffered the reply would send its first piece just before [DONE].
            assertTrue(doneMs - firstMs >= LATENCY_MS / 3, "first " + firstMs + " ms, done " + doneMs + " ms");
            assertEquals(1, gateway.accounting().total().upstreamCalls());
            assertTrue(gateway.accounting().total().completionTokens() > 0);

            JsonNode plain = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + gateway.port() + "/v1/chat/completions")).POST(HttpRequest.BodyPublishers.ofString(
                    body(qs.get(0).prompt(), false))).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(plain.at("/choices/0/message/content").asText(), text.toString());
        }
    }

    @Test
    void aFastUpstreamsStreamIsRelayedWhole() throws Exception {
        List<KeyEntry> qs = Fixtures.numberQuestions(2, "gsm8k");
        try (GatewayServer gateway = gateway(Fixtures.simPool("sim-a", 0.5, 1, 2), qs);
                OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            for (KeyEntry q : qs) {
                ChatRequest request = new ChatRequest("sim-a", Fixtures.turn("Worker", q.prompt()), null, null, 11L);
                List<String> deltas = new CopyOnWriteArrayList<>();
                ChatResponse streamed = client.chatStreaming(request, deltas::add).get(10, TimeUnit.SECONDS);
                ChatResponse plain = client.chat(request).get(10, TimeUnit.SECONDS);
                assertEquals(plain.content(), String.join("", deltas), deltas.toString());
                assertEquals(plain.content(), streamed.content());
            }
        }
    }

    @Test
    void thePoolClientHandsOnEachDeltaBeforeTheReplyIsComplete() throws Exception {
        List<KeyEntry> qs = Fixtures.numberQuestions(1, "gsm8k");
        try (GatewayServer gateway = gateway(Fixtures.simPool("sim-a", 0.5, LATENCY_MS, 0), qs);
                OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            ChatRequest request = new ChatRequest("sim-a", Fixtures.turn("Worker", qs.get(0).prompt()), null, null, 4L);
            CountDownLatch first = new CountDownLatch(1);
            List<String> deltas = new CopyOnWriteArrayList<>();
            CompletableFuture<ChatResponse> reply = client.chatStreaming(request, piece -> {
                deltas.add(piece);
                first.countDown();
            });
            assertTrue(first.await(LATENCY_MS, TimeUnit.MILLISECONDS), "a delta within the upstream's latency");
            assertFalse(reply.isDone(), "the reply is still streaming when its first delta arrived");
            ChatResponse whole = reply.get(10, TimeUnit.SECONDS);
            assertTrue(deltas.size() >= 4, "deltas: " + deltas);
            assertEquals(String.join("", deltas), whole.content());
            assertEquals("stop", whole.finishReason());
            assertTrue(whole.usage().completionTokens() > 0);
            assertEquals(whole.content(), client.chat(request).get(10, TimeUnit.SECONDS).content(),
                    "the streamed reply was cached whole and the buffered call gets it");
        }
    }

    @Test
    void aStreamCutAfterItsFirstChunkEndsWithAnErrorEventAndIsNotRetried() throws Exception {
        List<KeyEntry> qs = Fixtures.numberQuestions(1, "gsm8k");
        String pool = """
                seed: 7
                retry: {max_attempts: 3, initial_backoff_ms: 5, multiplier: 1, max_backoff_ms: 5, jitter: 0}
                models:
                  - name: sim-a
                    provider: sim
                    price: {input_per_mtok: 0.5, output_per_mtok: 2.0}
                    latency: {base_ms: 200, jitter_ms: 0}
                    skills:
                      default: {thinker: 0.5, worker: 0.5, verifier: 0.5}
                    faults: {truncated_stream: 1.0}
                """;
        try (GatewayServer gateway = gateway(pool, qs)) {
            List<Event> events = stream(gateway, body(qs.get(0).prompt(), true));
            assertFalse(events.stream().anyMatch(e -> e.data().equals("[DONE]")), "no [DONE] after a cut");
            JsonNode last = JSON.readTree(events.get(events.size() - 1).data());
            assertEquals("stream_interrupted", last.at("/error/type").asText(), last.toString());
            long pieces = events.stream().map(Event::data).filter(d -> !d.startsWith("{\"error\""))
                    .map(d -> {
                        try {
                            return content(JSON.readTree(d));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }).filter(c -> c != null && !c.isEmpty()).count();
            assertTrue(pieces >= 1, "the client saw text before the cut");
            assertEquals(0, gateway.retries(), "nothing is retried after the first chunk");
            CallRecord total = gateway.accounting().total();
            assertEquals(1, total.failures());
            assertEquals(1, total.upstreamCalls(), "the cut call was paid");
            assertTrue(total.completionTokens() > 0, "the pieces sent before the cut are charged: " + total);
            assertEquals(total.tokens(), total.estimatedTokens(), "the sim reports no counts before its end: " + total);

            // The same fault without streaming is a failure before any text: retried (and here failing again).
            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + gateway.port() + "/v1/chat/completions")).POST(HttpRequest.BodyPublishers.ofString(
                    body(qs.get(0).prompt(), false))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(502, plain.statusCode());
            assertEquals(2, gateway.retries());

            try (OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
                List<String> deltas = new CopyOnWriteArrayList<>();
                ExecutionException failed = assertThrows(ExecutionException.class, () -> client.chatStreaming(
                        new ChatRequest("sim-a", Fixtures.turn("Worker", qs.get(0).prompt()), null, null, 5L),
                        deltas::add).get(10, TimeUnit.SECONDS));
                GatewayException cause = (GatewayException) failed.getCause();
                assertEquals(GatewayException.STREAM_INTERRUPTED, cause.type());
                assertFalse(cause.retryable());
                assertFalse(deltas.isEmpty());
            }
        }
    }
}
