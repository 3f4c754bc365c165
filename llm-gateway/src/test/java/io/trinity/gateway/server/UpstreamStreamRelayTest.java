package io.trinity.gateway.server;

import static io.trinity.gateway.testing.StreamingUpstream.anthropicError;
import static io.trinity.gateway.testing.StreamingUpstream.blockStart;
import static io.trinity.gateway.testing.StreamingUpstream.blockStop;
import static io.trinity.gateway.testing.StreamingUpstream.messageDelta;
import static io.trinity.gateway.testing.StreamingUpstream.messageStart;
import static io.trinity.gateway.testing.StreamingUpstream.messageStop;
import static io.trinity.gateway.testing.StreamingUpstream.openAiContent;
import static io.trinity.gateway.testing.StreamingUpstream.openAiDone;
import static io.trinity.gateway.testing.StreamingUpstream.openAiError;
import static io.trinity.gateway.testing.StreamingUpstream.openAiFinish;
import static io.trinity.gateway.testing.StreamingUpstream.openAiReasoning;
import static io.trinity.gateway.testing.StreamingUpstream.openAiRole;
import static io.trinity.gateway.testing.StreamingUpstream.openAiUsage;
import static io.trinity.gateway.testing.StreamingUpstream.ping;
import static io.trinity.gateway.testing.StreamingUpstream.signatureDelta;
import static io.trinity.gateway.testing.StreamingUpstream.textDelta;
import static io.trinity.gateway.testing.StreamingUpstream.thinkingDelta;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.gateway.accounting.CallRecord;
import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.context.TokenEstimate;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.testing.StreamedEvents;
import io.trinity.gateway.testing.StreamedEvents.Event;
import io.trinity.gateway.testing.StreamingUpstream;
import io.trinity.gateway.testing.StreamingUpstream.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Streams from real upstream APIs relayed through the gateway, over HTTP on loopback: scripted OpenAI and Anthropic
 * endpoints write their server-sent events in pieces with delays, in the shapes the real APIs send. The retry rule
 * is the sim relay's: before the first piece a failure is retried; after it nothing is, the stream ends with a
 * {@code stream_interrupted} error event and no {@code [DONE]}, and the cut call is charged.
 */
class UpstreamStreamRelayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUESTION = "What is 6 times 7? Explain briefly.";
    private static final long GAP_MS = 250;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static GatewayServer gateway(StreamingUpstream upstream, String provider) {
        return GatewayServer.builder().pool(PoolConfig.parse("""
                retry: {max_attempts: 3, initial_backoff_ms: 5, multiplier: 1, max_backoff_ms: 5, jitter: 0}
                models:
                  - name: up
                    provider: %s
                    base_url: %s
                    model: upstream-model
                    timeout_ms: 10000
                    price: {input_per_mtok: 2, output_per_mtok: 8}
                """.formatted(provider, upstream.baseUrl()), "stream-pool")).build().start();
    }

    private static List<ChatMessage> messages() {
        return List.of(ChatMessage.system("Be brief."), ChatMessage.user(QUESTION));
    }

    private static String body() throws Exception {
        var root = JSON.createObjectNode().put("model", "up").put("stream", true);
        var array = root.putArray("messages");
        messages().forEach(m -> array.addObject().put("role", m.role()).put("content", m.content()));
        root.putObject("stream_options").put("include_usage", true);
        return JSON.writeValueAsString(root);
    }

    private List<Event> stream(GatewayServer gateway) throws Exception {
        return StreamedEvents.post(http, URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"),
                body());
    }

    private static String joined(List<Event> events, String field) {
        StringBuilder text = new StringBuilder();
        for (Event e : events) {
            if (!e.data().equals("[DONE]") && !e.data().startsWith("{\"error\"")) {
                String piece = e.delta(field);
                if (piece != null) {
                    text.append(piece);
                }
            }
        }
        return text.toString();
    }

    private static Event first(List<Event> events, String field) {
        return events.stream().filter(e -> !e.data().equals("[DONE]") && !e.data().startsWith("{\"error\""))
                .filter(e -> e.delta(field) != null && !e.delta(field).isEmpty()).findFirst().orElse(null);
    }

    @Test
    void anOpenAiStreamReachesTheClientAsTheUpstreamWritesItWithItsUsage() throws Exception {
        String[] words = {"Six", " times", " seven", " is", " forty", "-two", "."};
        List<String> script = new ArrayList<>(List.of(openAiRole(), openAiReasoning("6*7, "),
                openAiReasoning("so 42.")));
        for (String w : words) {
            script.add(openAiContent(w));
        }
        script.addAll(List.of(openAiFinish("stop"), openAiUsage(23, 9), openAiDone()));
        long upstreamMs = GAP_MS * script.size();
        try (StreamingUpstream upstream = StreamingUpstream.openAi()
                .then(Reply.events(GAP_MS, script.toArray(String[]::new)));
                GatewayServer gateway = gateway(upstream, "openai")) {
            long sent = System.nanoTime();
            List<Event> events = stream(gateway);

            assertEquals("[DONE]", events.get(events.size() - 1).data());
            assertEquals(String.join("", words), joined(events, "content"));
            assertEquals("6*7, so 42.", joined(events, "reasoning_content"), "reasoning relayed apart from the answer");
            Event firstContent = first(events, "content");
            assertNotNull(firstContent);
            assertTrue(events.indexOf(first(events, "reasoning_content")) < events.indexOf(firstContent));
            long firstMs = (firstContent.nanos() - sent) / 1_000_000;
            long doneMs = (events.get(events.size() - 1).nanos() - sent) / 1_000_000;
            assertTrue(doneMs >= upstreamMs - 50, "the upstream took " + upstreamMs + " ms; done after " + doneMs);
            // Measured against the end rather than the start, so that a slow start on a busy machine does not count.
            assertTrue(doneMs - firstMs >= upstreamMs / 2, "first content after " + firstMs + " ms, done after "
                    + doneMs);
            long contentEvents = events.stream().filter(e -> !e.data().equals("[DONE]"))
                    .filter(e -> e.delta("content") != null && !e.delta("content").isEmpty()).count();
            assertEquals(words.length, contentEvents, "one content delta per upstream delta");

            JsonNode usage = events.get(events.size() - 2).json().path("usage");
            assertEquals(23, usage.path("prompt_tokens").asInt(), usage.toString());
            assertEquals(9, usage.path("completion_tokens").asInt(), usage.toString());
            assertEquals("stop", events.stream().map(Event::json).map(j -> j.at("/choices/0/finish_reason"))
                    .filter(JsonNode::isTextual).map(JsonNode::asText).findFirst().orElse(null));

            StreamingUpstream.Call call = upstream.calls().get(0);
            assertTrue(call.body().path("stream").asBoolean(), call.body().toString());
            assertTrue(call.body().at("/stream_options/include_usage").asBoolean(), call.body().toString());
            assertEquals("upstream-model", call.body().path("model").asText());
            assertEquals("text/event-stream", call.headers().get("accept"));

            CallRecord total = gateway.accounting().total();
            assertEquals(1, total.upstreamCalls());
            assertEquals(23, total.promptTokens());
            assertEquals(9, total.completionTokens());
            assertEquals(0, total.estimatedTokens());
            assertEquals(23 * 2e-6 + 9 * 8e-6, total.costUsd(), 1e-12);
        }
    }

    @Test
    void anAnthropicStreamKeepsItsThinkingApartFromTheAnswer() throws Exception {
        try (StreamingUpstream upstream = StreamingUpstream.anthropic().then(Reply.events(GAP_MS / 2,
                messageStart(31), ping(), blockStart(0, "thinking"), thinkingDelta(0, "Multiply "),
                thinkingDelta(0, "six by seven."), signatureDelta(0), blockStop(0), blockStart(1, "text"),
                textDelta(1, "The answer"), ping(), textDelta(1, " is 42."), blockStop(1),
                messageDelta("end_turn", 17), messageStop()));
                GatewayServer gateway = gateway(upstream, "anthropic")) {
            List<Event> events = stream(gateway);

            assertEquals("[DONE]", events.get(events.size() - 1).data());
            assertEquals("The answer is 42.", joined(events, "content"));
            assertEquals("Multiply six by seven.", joined(events, "reasoning_content"));
            assertTrue(events.indexOf(first(events, "reasoning_content")) < events.indexOf(first(events, "content")));
            JsonNode usage = events.get(events.size() - 2).json().path("usage");
            assertEquals(31, usage.path("prompt_tokens").asInt(), usage.toString());
            assertEquals(17, usage.path("completion_tokens").asInt(), usage.toString());

            StreamingUpstream.Call call = upstream.calls().get(0);
            assertTrue(call.body().path("stream").asBoolean(), call.body().toString());
            assertEquals("Be brief.", call.body().path("system").asText());
            CallRecord total = gateway.accounting().total();
            assertEquals(1, total.upstreamCalls());
            assertEquals(31, total.promptTokens());
            assertEquals(17, total.completionTokens());
        }
    }

    @Test
    void anOpenAiStreamCutAfterItsFirstPieceEndsWithAnErrorEventIsNotRetriedAndIsCharged() throws Exception {
        try (StreamingUpstream upstream = StreamingUpstream.openAi().then(Reply.events(GAP_MS, openAiRole(),
                openAiContent("Six times"), openAiContent(" seven is")).cutAfter());
                GatewayServer gateway = gateway(upstream, "openai")) {
            List<Event> events = stream(gateway);

            assertFalse(events.stream().anyMatch(e -> e.data().equals("[DONE]")), "no [DONE] after a cut");
            JsonNode last = events.get(events.size() - 1).json();
            assertEquals("stream_interrupted", last.at("/error/type").asText(), last.toString());
            assertEquals("Six times seven is", joined(events, "content"));
            assertEquals(1, upstream.calls().size(), "nothing is retried after the first piece");
            assertEquals(0, gateway.retries());

            CallRecord total = gateway.accounting().total();
            long prompt = TokenEstimate.of(messages());
            long completion = TokenEstimate.of("Six times seven is");
            assertEquals(1, total.upstreamCalls(), "the cut call was paid");
            assertEquals(1, total.failures());
            assertEquals(prompt, total.promptTokens(), "OpenAI reports no usage before the end: estimated");
            assertEquals(completion, total.completionTokens());
            assertEquals(prompt + completion, total.estimatedTokens());
            assertEquals(prompt * 2e-6 + completion * 8e-6, total.costUsd(), 1e-12);
            assertTrue(gateway.metricsText().contains("gateway_tokens_estimated_total"), "the estimate is marked");
        }
    }

    @Test
    void anAnthropicStreamCutMidwayIsChargedItsReportedPromptAndAnEstimatedCompletion() throws Exception {
        try (StreamingUpstream upstream = StreamingUpstream.anthropic().then(Reply.events(GAP_MS / 2,
                messageStart(37), blockStart(0, "text"), textDelta(0, "The answer"), textDelta(0, " is")).cutAfter());
                GatewayServer gateway = gateway(upstream, "anthropic")) {
            List<Event> events = stream(gateway);

            assertFalse(events.stream().anyMatch(e -> e.data().equals("[DONE]")), "no [DONE] after a cut");
            assertEquals("stream_interrupted", events.get(events.size() - 1).json().at("/error/type").asText());
            assertEquals("The answer is", joined(events, "content"));
            assertEquals(1, upstream.calls().size());

            CallRecord total = gateway.accounting().total();
            long completion = TokenEstimate.of("The answer is");
            assertEquals(37, total.promptTokens(), "as message_start reported it");
            assertEquals(completion, total.completionTokens());
            assertEquals(completion, total.estimatedTokens(), "only the completion is an estimate");
            assertEquals(1, total.failures());
        }
    }

    @Test
    void failuresBeforeTheFirstPieceAreRetriedAndTheStreamThenCompletes() throws Exception {
        // A 500, then an error event before any text: both retried, and the third attempt streams. The second call
        // meets a hang-up before any piece, retried too.
        try (StreamingUpstream upstream = StreamingUpstream.openAi().then(
                Reply.whole(500, "{\"error\": {\"message\": \"The server had an error while processing your request.\","
                        + " \"type\": \"server_error\", \"param\": null, \"code\": null}}"),
                Reply.events(10, openAiRole(), openAiError("server_error", "The server had an error")),
                Reply.events(10, openAiRole(), openAiContent("42"), openAiFinish("stop"), openAiUsage(5, 1),
                        openAiDone()),
                Reply.events(10, openAiRole()).cutAfter(),
                Reply.events(10, openAiRole(), openAiContent("42"), openAiFinish("stop"), openAiUsage(5, 1),
                        openAiDone()));
                GatewayServer gateway = gateway(upstream, "openai")) {
            List<Event> events = stream(gateway);
            assertEquals("[DONE]", events.get(events.size() - 1).data());
            assertEquals("42", joined(events, "content"));
            assertEquals(3, upstream.calls().size());
            assertEquals(2, gateway.retries());

            // This pool has no cache: an identical call goes upstream again.
            List<Event> again = stream(gateway);
            assertEquals("[DONE]", again.get(again.size() - 1).data());
            assertEquals(5, upstream.calls().size());
            assertEquals(3, gateway.retries());
            CallRecord total = gateway.accounting().total();
            assertEquals(2, total.upstreamCalls());
            assertEquals(0, total.failures());
            assertEquals(10, total.promptTokens());
            assertEquals(0, total.estimatedTokens());
        }
    }

    @Test
    void anAnthropicOverloadedErrorBeforeAnyTextIsRetried() throws Exception {
        try (StreamingUpstream upstream = StreamingUpstream.anthropic().then(
                Reply.events(10, messageStart(12), ping(), anthropicError("overloaded_error", "Overloaded")),
                Reply.events(10, messageStart(12), blockStart(0, "text"), textDelta(0, "Fine."), blockStop(0),
                        messageDelta("end_turn", 3), messageStop()));
                GatewayServer gateway = gateway(upstream, "anthropic")) {
            List<Event> events = stream(gateway);
            assertEquals("[DONE]", events.get(events.size() - 1).data());
            assertEquals("Fine.", joined(events, "content"));
            assertEquals(2, upstream.calls().size());
            assertEquals(1, gateway.retries());
            assertEquals(12, gateway.accounting().total().promptTokens(), "the failed attempt is not charged");
        }
    }

    @Test
    void aServerThatAnswersAStreamedCallWholeIsRelayedInOnePiece() throws Exception {
        try (StreamingUpstream upstream = StreamingUpstream.openAi().then(Reply.whole(200, """
                {"id": "x", "object": "chat.completion", "created": 1, "model": "upstream-model",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "Forty-two."},
                              "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 8, "completion_tokens": 4, "total_tokens": 12}}"""));
                GatewayServer gateway = gateway(upstream, "openai")) {
            List<Event> events = stream(gateway);
            assertEquals("[DONE]", events.get(events.size() - 1).data());
            assertEquals("Forty-two.", joined(events, "content"));
            assertEquals(8, gateway.accounting().total().promptTokens());
        }
    }
}
