package io.trinity.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.Usage;
import io.trinity.gateway.testing.RecordingUpstream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class OpenAiClientTest {

    private static final String KEY = "sk-client-key-77";
    private static final ChatRequest REQUEST = ChatRequest.of("m", List.of(ChatMessage.user("hi")));

    private static GatewayException failure(CompletableFuture<ChatResponse> call) {
        return assertInstanceOf(GatewayException.class,
                assertThrows(CompletionException.class, call::join).getCause());
    }

    @Test
    void parsesAResponseWithoutCostAsFree() throws Exception {
        try (RecordingUpstream upstream = new RecordingUpstream();
             OpenAiClient client = OpenAiClient.builder().baseUrl(upstream.baseUrl()).apiKey(KEY).build()) {
            ChatResponse response = client.chat(REQUEST).join();
            assertEquals(new ChatResponse("up-1", "upstream-model", "upstream says hi", "length",
                    new Usage(1000, 2000, 0.0)), response);
            assertEquals("Bearer " + KEY, upstream.calls().get(0).authorization());
            assertFalse(client.toString().contains(KEY), client.toString());
        }
    }

    @Test
    void errorBodiesBecomeGatewayExceptionsWithoutTheKey() throws Exception {
        try (RecordingUpstream upstream = new RecordingUpstream();
             OpenAiClient client = OpenAiClient.builder().baseUrl(upstream.baseUrl()).apiKey(KEY).build()) {
            upstream.answer(429, "{\"error\": {\"message\": \"Rate limit for key " + KEY + "\", \"type\": "
                    + "\"rate_limit_error\", \"param\": null, \"code\": \"rate_limited\"}}");
            GatewayException limited = failure(client.chat(REQUEST));
            assertEquals(429, limited.status());
            assertEquals("rate_limit_error", limited.type());
            assertEquals("rate_limited", limited.code());
            assertEquals("Rate limit for key [redacted]", limited.getMessage());

            upstream.answer(503, "<html>Service Unavailable</html>");
            GatewayException html = failure(client.chat(REQUEST));
            assertEquals(503, html.status());
            assertEquals("http_error", html.type());
            assertEquals("HTTP 503: <html>Service Unavailable</html>", html.getMessage());

            upstream.answer(200, "{\"choices\": []}");
            assertEquals("invalid_response", failure(client.chat(REQUEST)).type());
        }
    }

    @Test
    void transportFailuresHaveStatusZero() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (OpenAiClient client = OpenAiClient.builder().baseUrl(URI.create("http://127.0.0.1:" + closedPort + "/v1"))
                .apiKey(KEY).build()) {
            GatewayException refused = failure(client.chat(REQUEST));
            assertEquals(0, refused.status());
            assertEquals("connection_error", refused.type());
            assertFalse(refused.getMessage().contains(KEY));
        }
        try (RecordingUpstream slow = new RecordingUpstream().delay(1000);
             OpenAiClient client = OpenAiClient.builder().baseUrl(slow.baseUrl())
                     .requestTimeout(Duration.ofMillis(100)).build()) {
            GatewayException timeout = failure(client.chat(REQUEST));
            assertEquals(0, timeout.status());
            assertEquals("timeout", timeout.type());
        }
    }

    @Test
    void aCallInFlightAtCloseCompletesAndThenTheClientsThreadEnds() throws Exception {
        Set<Thread> earlier = clientThreads();
        try (RecordingUpstream upstream = new RecordingUpstream().delay(300)) {
            OpenAiClient client = OpenAiClient.builder().baseUrl(upstream.baseUrl()).build();
            CompletableFuture<ChatResponse> inFlight = client.chat(REQUEST);
            Set<Thread> mine = clientThreads();
            mine.removeAll(earlier);
            assertFalse(mine.isEmpty(), "the client runs its calls on a loop thread of its own");
            client.close();
            assertEquals("upstream says hi", inFlight.join().content());
            for (Thread thread : mine) {
                thread.join(5_000);
                assertFalse(thread.isAlive(), thread.getName() + " still runs after close and its last call");
            }
        }
    }

    private static Set<Thread> clientThreads() {
        Set<Thread> threads = new HashSet<>();
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("trinity-pool-client"))
                .forEach(threads::add);
        return threads;
    }

    @Test
    void closedClientRefusesCalls() {
        OpenAiClient client = OpenAiClient.builder().baseUrl(URI.create("http://127.0.0.1:9/v1")).build();
        client.close();
        assertTrue(assertThrows(CompletionException.class, () -> client.chat(REQUEST).join()).getCause()
                instanceof IllegalStateException);
    }
}
