package io.trinity.driver.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.task.AnswerFormat;
import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompletionRequestsTest {
  private static CompletionRequest parse(String json, String header) {
    return CompletionRequests.parse(json.getBytes(StandardCharsets.UTF_8), header);
  }

  @Test
  void theLastUserMessageIsTheQueryAndEverythingBeforeItTheContext() {
    CompletionRequest request = parse("""
        {"model": "m", "temperature": 0.2, "max_tokens": 64, "seed": 9, "stream": true,
         "stream_options": {"include_usage": true},
         "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"},
                      {"role": "assistant", "content": "Hello"}, {"role": "user", "content": "What is 2+2?"}],
         "trinity": {"include_transcript": true, "answer_format": "choice", "task_id": "mmlu/3"}}
        """, null);
    assertEquals("What is 2+2?", request.query());
    assertEquals(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"),
        new ChatMessage("assistant", "Hello")), request.context());
    assertEquals(0.2, request.temperature());
    assertEquals(64, request.maxTokens());
    assertEquals(9, request.seed());
    assertTrue(request.stream() && request.includeUsage() && request.includeTranscript());
    assertEquals(AnswerFormat.CHOICE, request.answerFormat());
    assertEquals("mmlu/3", request.taskId());
    assertEquals("mmlu/3", QueryEpisodes.taskId(request));
  }

  @Test
  void defaultsLeaveSamplingToTheHeadAndDeriveTheTaskFromTheQuery() {
    CompletionRequest request = parse("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"Q\"}]}",
        "true");
    assertNull(request.temperature());
    assertNull(request.seed());
    assertFalse(request.stream());
    assertTrue(request.includeTranscript(), "the header asks for the transcript");
    assertEquals(AnswerFormat.MATH, request.answerFormat());
    assertTrue(QueryEpisodes.taskId(request).matches("query/[0-9a-f]{16}"), QueryEpisodes.taskId(request));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"model\": \"m\", \"messages\": []}|messages",
      "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"Q\"}, {\"role\": \"assistant\", \"content\": \"A\"}]}|messages",
      "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"  \"}]}|messages[0].content",
      "{\"model\": \"m\", \"seed\": -1, \"messages\": [{\"role\": \"user\", \"content\": \"Q\"}]}|seed",
      "{\"model\": \"m\", \"seed\": 3000000000, \"messages\": [{\"role\": \"user\", \"content\": \"Q\"}]}|seed",
      "{\"model\": \"m\", \"temperature\": 3, \"messages\": [{\"role\": \"user\", \"content\": \"Q\"}]}|temperature",
      "{\"model\": \"m\", \"trinity\": 1, \"messages\": [{\"role\": \"user\", \"content\": \"Q\"}]}|trinity",
      "{\"model\": \"m\", \"trinity\": {\"transcript\": true}, \"messages\": [{\"role\": \"user\", \"content\": \"Q\"}]}|trinity.transcript",
      "{\"model\": \"m\", \"trinity\": {\"answer_format\": \"essay\"}, \"messages\": [{\"role\": \"user\", \"content\": \"Q\"}]}|trinity.answer_format",
      "{\"model\": \"m\", \"trinity\": {\"include_transcript\": \"yes\"}, \"messages\": [{\"role\": \"user\", \"content\": \"Q\"}]}|trinity.include_transcript",
      "{\"messages\": [{\"role\": \"user\", \"content\": \"Q\"}]}|model",
  })
  void aBadBodyIsA400NamingTheField(String body, String param) {
    GatewayException e = assertThrows(GatewayException.class, () -> parse(body, null));
    assertEquals(400, e.status());
    assertEquals(param, e.param(), e.getMessage());
  }

  @Test
  void anAddressBeyondLoopbackNeedsAToken() {
    ServeException e = assertThrows(ServeException.class, () -> BindPolicy.check("0.0.0.0", false));
    assertTrue(e.getMessage().contains("--api-key-env"), e.getMessage());
    BindPolicy.check("0.0.0.0", true);
    BindPolicy.check("127.0.0.1", false);
    BindPolicy.check("::1", false);
  }
}
