package io.trinity.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.testing.Fixtures;
import io.trinity.gateway.testing.Fixtures.KeyEntry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayServerTest {

    private static final List<KeyEntry> QUESTIONS = Fixtures.numberQuestions(50, "gsm8k");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static GatewayServer server;
    static OpenAiClient client;
    static final HttpClient raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        PoolConfig pool = PoolConfig.parse(Fixtures.simPool("sim-a", 0.5, 0, 0) + """
                  - name: sim-b
                    provider: sim
                    price: {input_per_mtok: 1, output_per_mtok: 1}
                    skills: {default: {thinker: 1, worker: 1, verifier: 1}}
                """, "test-pool");
        server = GatewayServer.builder()
                .pool(pool)
                .answerKey(Fixtures.writeAnswerKey(dir.resolve("key.jsonl"), QUESTIONS))
                .build()
                .start();
        client = OpenAiClient.builder().baseUrl(server.baseUrl()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static HttpResponse<String> send(String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + path.replaceFirst("^/v1", "")))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return raw.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode error(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("error");
    }

    private static GatewayException failure(ChatRequest request) {
        CompletionException e = assertThrows(CompletionException.class,
                () -> client.chat(request).join());
        return assertInstanceOf(GatewayException.class, e.getCause());
    }

    @Test
    void chatRoundTripAnswersAndPricesTheCall() {
        KeyEntry q = QUESTIONS.get(7);
        List<ChatMessage> messages = Fixtures.turn("Worker", q.prompt());
        GatewayStats before = server.stats();
        ChatResponse response = client.chat(new ChatRequest("sim-b", messages, 0.2, 256, 11L)).join();
        assertEquals("sim-b", response.model());
        assertTrue(response.id().startsWith("chatcmpl-"));
        assertEquals("stop", response.finishReason());
        assertTrue(response.content().endsWith("The answer is \\boxed{" + q.gold() + "}."), response.content());
        int promptChars = messages.stream().mapToInt(m -> m.content().length()).sum();
        assertEquals((promptChars + 3) / 4, response.usage().promptTokens());
        assertEquals((response.content().length() + 3) / 4, response.usage().completionTokens());
        assertEquals(response.usage().totalTokens() * 1.0 / 1e6, response.usage().cost(), 1e-15);

        ModelStats after = server.stats().model("sim-b");
        ModelStats earlier = before.model("sim-b");
        assertEquals(earlier.calls() + 1, after.calls());
        assertEquals(earlier.promptTokens() + response.usage().promptTokens(), after.promptTokens());
        assertEquals(earlier.completionTokens() + response.usage().completionTokens(), after.completionTokens());
        assertEquals(earlier.cost() + response.usage().cost(), after.cost(), 1e-12);
    }

    @Test
    void wireFormatIsOpenAis() throws Exception {
        HttpResponse<String> response = send("POST", "/v1/chat/completions", """
                {"model": "sim-a", "messages": [{"role": "user", "content": "hi"}], "n": 1, "top_p": 0.9,
                 "stream": false, "user": "u1", "seed": 3}""");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = JSON.readTree(response.body());
        assertEquals("chat.completion", body.path("object").asText());
        assertTrue(body.path("created").asLong() > 1_600_000_000L);
        assertEquals(0, body.path("choices").path(0).path("index").asInt());
        assertEquals("assistant", body.path("choices").path(0).path("message").path("role").asText());
        assertEquals("I could not work this out.",
                body.path("choices").path(0).path("message").path("content").asText());
        JsonNode usage = body.path("usage");
        assertEquals(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt(),
                usage.path("total_tokens").asInt());
        assertTrue(usage.path("cost").asDouble() > 0);
    }

    @Test
    void modelsAreListedInPoolOrder() throws Exception {
        HttpResponse<String> response = send("GET", "/v1/models", null);
        assertEquals(200, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("list", body.path("object").asText());
        assertEquals("sim-a", body.path("data").path(0).path("id").asText());
        assertEquals("model", body.path("data").path(0).path("object").asText());
        assertEquals("sim", body.path("data").path(0).path("owned_by").asText());
        assertEquals("sim-b", body.path("data").path(1).path("id").asText());
        assertEquals(2, body.path("data").size());
    }

    @Test
    void healthz() throws Exception {
        HttpResponse<String> response = raw.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("ok", JSON.readTree(response.body()).path("status").asText());
    }

    @Test
    void unknownModelIsA404ModelNotFound() {
        GatewayException e = failure(ChatRequest.of("gpt-nope", List.of(ChatMessage.user("hi"))));
        assertEquals(404, e.status());
        assertEquals("invalid_request_error", e.type());
        assertEquals("model_not_found", e.code());
        assertEquals("model", e.param());
        assertTrue(e.getMessage().contains("gpt-nope") && e.getMessage().contains("sim-a"), e.getMessage());
    }

    @Test
    void badRequestsAre400sNamingTheProblem() throws Exception {
        HttpResponse<String> malformed = send("POST", "/v1/chat/completions", "{\"model\": \"sim-a\", \"messages\": [");
        assertEquals(400, malformed.statusCode());
        assertEquals("invalid_request_error", error(malformed).path("type").asText());
        assertTrue(error(malformed).path("message").asText().startsWith("malformed JSON body"), malformed.body());

        HttpResponse<String> noMessages = send("POST", "/v1/chat/completions", "{\"model\": \"sim-a\"}");
        assertEquals(400, noMessages.statusCode());
        assertEquals("messages", error(noMessages).path("param").asText());

        HttpResponse<String> badRole = send("POST", "/v1/chat/completions",
                "{\"model\": \"sim-a\", \"messages\": [{\"role\": \"wizard\", \"content\": \"hi\"}]}");
        assertEquals(400, badRole.statusCode());
        assertEquals("messages[0].role", error(badRole).path("param").asText());

        HttpResponse<String> badSeed = send("POST", "/v1/chat/completions",
                "{\"model\": \"sim-a\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"seed\": 1.5}");
        assertEquals(400, badSeed.statusCode());
        assertEquals("seed", error(badSeed).path("param").asText());

        HttpResponse<String> manyChoices = send("POST", "/v1/chat/completions",
                "{\"model\": \"sim-a\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"n\": 3}");
        assertEquals(400, manyChoices.statusCode());
        assertEquals("n", error(manyChoices).path("param").asText());

        HttpResponse<String> badTag = send("POST", "/v1/chat/completions",
                "{\"model\": \"sim-a\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                "X-Trinity-Generation", "soon");
        assertEquals(400, badTag.statusCode());
        assertEquals("invalid_tag", error(badTag).path("code").asText());
    }

    @Test
    void wrongRoutesAndMethods() throws Exception {
        HttpResponse<String> get = send("GET", "/v1/chat/completions", null);
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
        assertEquals(404, send("GET", "/v1/engines", null).statusCode());
        assertEquals("not_found", error(send("GET", "/v1/models/sim-a", null)).path("code").asText());
    }

    @Test
    void repliesAreDeterministicPerSeed() {
        List<ChatMessage> messages = Fixtures.turn("Worker", QUESTIONS.get(3).prompt());
        ChatRequest request = new ChatRequest("sim-a", messages, null, null, 5L);
        assertEquals(client.chat(request).join().content(), client.chat(request).join().content());
        Set<String> bySeed = LongStream.range(0, 20)
                .mapToObj(s -> client.chat(new ChatRequest("sim-a", messages, null, null, s)).join().content())
                .collect(Collectors.toSet());
        assertTrue(bySeed.size() > 1, "20 seeds, one reply: " + bySeed);
    }
}
