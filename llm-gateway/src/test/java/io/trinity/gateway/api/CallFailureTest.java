package io.trinity.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.trinity.gateway.api.CallFailure.Category;
import io.trinity.gateway.api.CallFailure.Kind;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every error class from the bodies real APIs send, read as the client reads them. */
class CallFailureTest {

    private static Kind kindOf(int status, String body) {
        return CallFailure.of("m", OpenAiJson.readError(status, body.getBytes(StandardCharsets.UTF_8))).kind();
    }

    @Test
    void openAisContextLengthErrorEndsTheTurn() {
        Kind kind = kindOf(400, """
                {"error": {"message": "This model's maximum context length is 128000 tokens. However, your messages \
                resulted in 130412 tokens. Please reduce the length of the messages.", "type": "invalid_request_error",
                "param": "messages", "code": "context_length_exceeded"}}""");
        assertEquals(Kind.CONTEXT_LENGTH, kind);
        assertEquals(Category.TURN, kind.category());
        // Anthropic words it differently and sends no code.
        assertEquals(Kind.CONTEXT_LENGTH, kindOf(400, """
                {"type": "error", "error": {"type": "invalid_request_error",
                "message": "prompt is too long: 215000 tokens > 200000 maximum"}}"""));
    }

    @Test
    void contentFiltersEndTheTurn() {
        assertEquals(Kind.CONTENT_FILTER, kindOf(400, """
                {"error": {"message": "The response was filtered due to the prompt triggering Azure OpenAI's content \
                management policy.", "type": null, "param": "prompt", "code": "content_filter"}}"""));
        ChatResponse filtered = OpenAiJson.readResponse("""
                {"id": "c", "choices": [{"index": 0, "message": {"role": "assistant", "content": null},
                 "finish_reason": "content_filter"}], "usage": {"prompt_tokens": 5, "completion_tokens": 0}}"""
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(Kind.CONTENT_FILTER, CallFailure.ofReply("m", filtered).kind());
    }

    @Test
    void repliesThatAreNoAnswerEndTheTurn() {
        assertEquals(Kind.EMPTY_REPLY, CallFailure.ofReply("m", new ChatResponse("c", "m", " \n", "stop", null))
                .kind());
        assertEquals(Kind.NO_FINAL_ANSWER, CallFailure.ofReply("m", new ChatResponse("c", "m", "Let me think",
                "length", null)).kind());
        assertNull(CallFailure.ofReply("m", new ChatResponse("c", "m", "42", "stop", null)));
        assertEquals(Kind.UNPARSABLE_REPLY, CallFailure.of("m", new GatewayException(502, "upstream_error",
                "model 'm' failed: HTTP 502 invalid_response: response is not JSON", null, "invalid_response"))
                .kind());
        assertEquals(Kind.INVALID_REQUEST, kindOf(400, """
                {"error": {"message": "Unsupported parameter: 'max_tokens'", "type": "invalid_request_error",
                "param": "max_tokens", "code": "unsupported_parameter"}}"""));
    }

    @Test
    void keysAndModelsThatDoNotWorkStopTheRun() {
        assertEquals(Kind.INVALID_KEY, kindOf(401, """
                {"error": {"message": "Incorrect API key provided: sk-...", "type": "invalid_request_error",
                "code": "invalid_api_key"}}"""));
        assertEquals(Kind.INVALID_KEY, kindOf(403, "<html>Forbidden</html>"));
        assertEquals(Kind.UNKNOWN_MODEL, kindOf(404, """
                {"error": {"message": "The model `gpt-9` does not exist", "type": "invalid_request_error",
                "code": "model_not_found"}}"""));
        assertEquals(Category.CONFIGURATION, Kind.INVALID_KEY.category());
        assertEquals(Category.CONFIGURATION, Kind.UNKNOWN_MODEL.category());
    }

    @Test
    void outagesAreRetriedAndABudgetStopsCleanly() {
        assertEquals(Kind.UNAVAILABLE, CallFailure.of("m", new GatewayException(503, "circuit_open",
                "the circuit breaker of m is open")).kind());
        assertEquals(Kind.UNAVAILABLE, kindOf(429, "{\"error\": {\"message\": \"slow down\"}}"));
        assertEquals(Kind.UNAVAILABLE, kindOf(504, "gateway timeout"));
        assertEquals(Kind.UNAVAILABLE, CallFailure.of("m", new ConnectException("refused")).kind());
        assertEquals(Category.TRANSIENT, Kind.UNAVAILABLE.category());
        assertEquals(Kind.BUDGET_SPENT, kindOf(402, "{\"error\": {\"message\": \"budget\"}}"));
        assertEquals("context_length", Kind.CONTEXT_LENGTH.wireName());
    }
}
