package io.trinity.driver.serve;

import io.trinity.fitness.task.AnswerFormat;
import io.trinity.gateway.api.ChatMessage;
import java.util.List;

/**
 * A chat-completions request to a served coordinator, read and checked.
 *
 * @param model the served model asked for
 * @param query the last user message: the question the coordinator's episode is played on
 * @param context the messages before it (system, user, assistant), passed to every pool call as they came
 * @param temperature the pool's sampling temperature, or null for the head's trained one
 * @param maxTokens the cap on each turn's completion, or null for the head's trained one
 * @param seed the sample index that seeds every pool call, or null for a fresh one per request
 * @param stream whether to answer with server-sent events
 * @param includeUsage whether a stream ends with a usage chunk ({@code stream_options.include_usage})
 * @param includeTranscript whether the reply carries every turn's decision and reply
 * @param answerFormat how the Worker is told to give its final answer
 * @param taskId the task id that keys the call seeds, or null for one derived from the query
 */
public record CompletionRequest(String model, String query, List<ChatMessage> context, Double temperature,
    Integer maxTokens, Integer seed, boolean stream, boolean includeUsage, boolean includeTranscript,
    AnswerFormat answerFormat, String taskId) {

  public CompletionRequest {
    context = List.copyOf(context);
  }
}
