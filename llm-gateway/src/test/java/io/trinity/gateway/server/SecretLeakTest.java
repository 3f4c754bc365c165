package io.trinity.gateway.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.testing.Fixtures;
import io.trinity.gateway.testing.ScriptedUpstream;
import io.trinity.gateway.testing.ScriptedUpstream.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants recognisable secrets (an upstream API key that the upstream echoes back in its errors, and the gateway's
 * own bearer token) and searches everything the gateway produces for them: log output, every response body and
 * header, error messages, metrics, the accounts, the cache files, and the configuration objects' strings.
 */
class SecretLeakTest {

    private static final String API_KEY = "sk-PLANTED-upstream-key-5f0c2e9b71";
    private static final String TOKEN = "PLANTED-gateway-token-a41d77";

    @Test
    void plantedSecretsAppearInNoOutput(@TempDir Path dir) throws Exception {
        String echo = "{\"error\": {\"message\": \"Incorrect API key provided: " + API_KEY
                + "\", \"type\": \"invalid_request_error\", \"code\": \"invalid_api_key\"}}";
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        List<String> outputs = new ArrayList<>();
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi().then(
                Reply.status(401, echo), Reply.status(500, echo), Reply.status(500, echo),
                Reply.status(429, echo), Reply.status(429, echo))) {
            PoolConfig pool = PoolConfig.parse("""
                    auth_token_env: GW_TOKEN
                    retry: {max_attempts: 2, initial_backoff_ms: 5, max_backoff_ms: 10}
                    cache: {backend: sqlite, path: %s}
                    models:
                      - name: gpt-x
                        provider: openai
                        base_url: %s
                        api_key_env: UPSTREAM_KEY
                        timeout_ms: 2000
                        price: {input_per_mtok: 1, output_per_mtok: 1}
                    """.formatted(dir.resolve("cache.db"), upstream.baseUrl()), "leak-pool");
            System.setErr(new PrintStream(new TeeStream(logs, originalErr), true, StandardCharsets.UTF_8));
            try (GatewayServer gateway = GatewayServer.builder().pool(pool)
                    .environment(Map.of("UPSTREAM_KEY", API_KEY, "GW_TOKEN", TOKEN)).build().start();
                 OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).apiKey(TOKEN).build()) {
                HttpClient http = HttpClient.newHttpClient();
                for (String prompt : List.of("unauthorised", "server error", "rate limited", "fine", "fine")) {
                    for (boolean stream : new boolean[] {false, true}) {
                        String body = "{\"model\": \"gpt-x\", \"seed\": 1, \"stream\": " + stream
                                + ", \"messages\": [{\"role\": \"user\", \"content\": \"" + prompt + "\"}]}";
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(gateway.baseUrl().resolve(
                                        "/v1/chat/completions")).header("Authorization", "Bearer " + TOKEN)
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        outputs.add(r.statusCode() + " " + r.headers().map() + " " + r.body());
                    }
                }
                client.chat(ChatRequest.of("gpt-x", Fixtures.turn("Worker", "via the Java client")))
                        .handle((ok, error) -> outputs.add(String.valueOf(ok) + error)).join();
                HttpResponse<String> wrongToken = http.send(HttpRequest.newBuilder(gateway.baseUrl().resolve(
                        "/v1/models")).header("Authorization", "Bearer not-" + TOKEN).build(),
                        HttpResponse.BodyHandlers.ofString());
                outputs.add(wrongToken.statusCode() + " " + wrongToken.body());
                for (String path : List.of("/metrics", "/accounting", "/v1/models", "/healthz")) {
                    outputs.add(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
                            + path)).header("Authorization", "Bearer " + TOKEN).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                }
                outputs.add(gateway.metricsText());
                outputs.add(gateway.accounting().toString());
                outputs.add(gateway.stats().toString());
                outputs.add(pool.toString());
                outputs.add(client.toString());
                // The calls really happened and really failed the ways planted above.
                assertTrue(outputs.get(0).startsWith("401 "), outputs.get(0));
                assertTrue(outputs.get(0).contains("Incorrect API key provided: [redacted]"), outputs.get(0));
                assertTrue(gateway.accounting().total().upstreamCalls() > 0);
                assertTrue(gateway.accounting().total().failures() >= 3);
            } finally {
                System.setErr(originalErr);
            }
            upstream.calls().forEach(c -> outputs.add(c.body().toString()));
        }
        outputs.add(logs.toString(StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                outputs.add(f + ": " + new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        String all = String.join("\n", outputs);
        assertTrue(all.contains("upstream says hi"), "the successful reply is among the outputs");
        assertTrue(logs.size() > 0, "the gateway logged nothing, so the log search proved nothing");
        assertFalse(all.contains(API_KEY), "the upstream API key leaked:\n" + all);
        assertFalse(all.contains(TOKEN), "the gateway token leaked:\n" + all);
    }

    /** Copies log output to the real stderr as well, so a failing run still shows its logs. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
