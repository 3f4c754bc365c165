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

class ResponsesRequestsTest {
  private static CompletionRequest parse(String json) {
    return ResponsesRequests.parse(json.getBytes(StandardCharsets.UTF_8), null);
  }

  private static GatewayException refused(String json) {
    GatewayException e = assertThrows(GatewayException.class, () -> parse(json));
    assertEquals(400, e.status(), e.getMessage());
    return e;
  }

  @Test
  void aStringInputIsTheQuestion() {
    CompletionRequest r = parse("{\"model\":\"m\",\"input\":\"What is 6 times 7?\"}");
    assertEquals("m", r.model());
    assertEquals("What is 6 times 7?", r.query());
    assertEquals(List.of(), r.context());
    assertFalse(r.stream());
    assertNull(r.seed());
    assertEquals(AnswerFormat.MATH, r.answerFormat());
  }

  @Test
  void messagesBeforeTheLastAndTheInstructionsAreContext() {
    CompletionRequest r = parse("""
        {"model":"m","instructions":"Be brief.","stream":true,"temperature":0.2,"max_output_tokens":99,
         "input":[{"role":"developer","content":"Use SI units."},
                  {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Earlier."}]},
                  {"role":"user","content":[{"type":"input_text","text":"How far "},
                                            {"type":"input_text","text":"is it?"}]}],
         "trinity":{"seed":7,"answer_format":"number","task_id":"t/1","include_transcript":true}}""");
    assertEquals("How far is it?", r.query());
    assertEquals(List.of(new ChatMessage("system", "Be brief."), new ChatMessage("system", "Use SI units."),
        new ChatMessage("assistant", "Earlier.")), r.context());
    assertTrue(r.stream());
    assertEquals(0.2, r.temperature());
    assertEquals(99, r.maxTokens());
    assertEquals(7, r.seed());
    assertEquals(AnswerFormat.NUMBER, r.answerFormat());
    assertEquals("t/1", r.taskId());
    assertTrue(r.includeTranscript());
  }

  @Test
  void whatCannotBeHonouredIsRefusedNamingTheField() {
    assertEquals("input", refused("{\"model\":\"m\"}").param());
    assertEquals("model", refused("{\"input\":\"q\"}").param());
    assertEquals("input", refused("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"q\"},"
        + "{\"role\":\"assistant\",\"content\":\"a\"}]}").param());
    assertEquals("input[0].content[0]", refused("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":"
        + "[{\"type\":\"input_image\",\"image_url\":\"x\"}]}]}").param());
    assertEquals("input[0].type", refused("{\"model\":\"m\",\"input\":[{\"type\":\"function_call_output\"}]}")
        .param());
    assertEquals("previous_response_id", refused("{\"model\":\"m\",\"input\":\"q\",\"previous_response_id\":"
        + "\"resp_1\"}").param());
    assertEquals("tools", refused("{\"model\":\"m\",\"input\":\"q\",\"tools\":[{\"type\":\"web_search\"}]}")
        .param());
    assertEquals("trinity.seed", refused("{\"model\":\"m\",\"input\":\"q\",\"trinity\":{\"seed\":-1}}").param());
    assertEquals("trinity.other", refused("{\"model\":\"m\",\"input\":\"q\",\"trinity\":{\"other\":1}}").param());
    assertEquals("max_output_tokens", refused("{\"model\":\"m\",\"input\":\"q\",\"max_output_tokens\":0}")
        .param());
    refused("not json");
  }
}
