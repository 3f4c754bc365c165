package io.trinity.driver.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.driver.config.TrainingConfig;
import io.trinity.driver.eval.QuestionRecord;
import io.trinity.driver.io.TaskCatalog;
import io.trinity.driver.train.TrainingJob;
import io.trinity.fitness.grade.Graders;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.testing.NodeScripts;
import io.trinity.workers.episode.Sampling;
import io.trinity.workers.export.ReadOptions;
import io.trinity.workers.transcript.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A head trained on the simulated pool, served, and driven by the official OpenAI Node client (npm {@code openai}):
 * the models list, a plain and a streamed completion, a plain and a streamed Responses call, the errors, and every
 * held-out question replayed with the
 * evaluation's task ids and seed, whose served answers must grade exactly as the training job's evaluation did.
 */
class ServeOpenAiNodeClientTest {
  private static final String TOKEN = "serve-node-token-31";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void theOfficialClientTalksToAServedHeadThatAnswersTheHeldOutQuestionsAsItsEvaluationDid() throws Exception {
    TrainingConfig config = ServeFixtures.smallTraining(dir);
    Path run = dir.resolve("run");
    TrainingJob.Result trained = new TrainingJob(config, run.toString(), TrainingJob.Existing.FAIL).run();
    PoolConfig pool = PoolConfig.load(dir.resolve("pool.yaml"));
    Map<String, Task> tasks = TaskCatalog.load(config.tasks(), new Configuration()).stream()
        .collect(Collectors.toMap(Task::id, Function.identity()));
    List<QuestionRecord> heldOut = trained.heldOutRecords();
    assertTrue(heldOut.size() > 100, "held-out episodes: " + heldOut.size());

    List<ServedModel> models = ServedHeads.load(List.of(run.toString()), List.of(),
        ReadOptions.strict().withPool(pool.modelNames()), new Configuration());
    String name = "trinity-" + trained.runId();
    assertEquals(name, models.get(0).name());

    JsonNode out;
    try (PoolAccess access = PoolAccess.inProcess(pool, run.resolve("answer-key.jsonl"));
        CoordinatorServer server = CoordinatorServer.builder().models(models).pool(access.client()).token(TOKEN)
            .build().start()) {
      ObjectNode input = JSON.createObjectNode().put("baseURL", server.baseUrl().toString()).put("model", name)
          .put("question", tasks.get(heldOut.get(0).taskId()).prompt()).put("heldOutSeed", Sampling.HELD_OUT_INDEX);
      ArrayNode questions = input.putArray("heldOut");
      for (QuestionRecord episode : heldOut) {
        Task task = tasks.get(episode.taskId());
        questions.addObject().put("task_id", task.id()).put("question", task.prompt())
            .put("format", task.format().wireName());
      }
      Path inputFile = dir.resolve("node-input.json");
      Files.write(inputFile, JSON.writeValueAsBytes(input));
      out = JSON.readTree(NodeScripts.run("serve-client-check.mjs", Map.of("SERVE_TOKEN", TOKEN),
          inputFile.toString()));

      String metrics = server.metricsText();
      assertTrue(metrics.contains("trinity_serve_requests_seconds_bucket"), "latency histogram");
      assertTrue(metrics.contains("trinity_serve_selections_total{model=\"" + name + "\""), "selections");
      assertTrue(metrics.contains("trinity_serve_turns"), "turns per request");
      assertTrue(metrics.contains("trinity_serve_errors_total{model=\"none\",status=\"404\""), "404 counted");
    }

    assertEquals(List.of(name), ids(out.path("models")));
    assertEquals("trinity", out.path("models").path(0).path("owned_by").asText());

    JsonNode plain = out.path("plain");
    assertEquals("chat.completion", plain.path("object").asText());
    assertEquals(name, plain.path("model").asText());
    assertEquals("stop", plain.path("finish_reason").asText());
    JsonNode turns = plain.path("usage").path("trinity").path("turns");
    JsonNode transcript = plain.path("trinity").path("transcript");
    assertTrue(turns.size() >= 1 && turns.size() <= 3, plain.toString());
    assertEquals(turns.size(), transcript.size());
    assertEquals(turns.size(), plain.path("trinity").path("turns").asInt());
    assertEquals(5, plain.path("trinity").path("seed").asInt());
    long prompt = 0;
    long total = 0;
    String lastWorker = null;
    for (int t = 0; t < turns.size(); t++) {
      JsonNode turn = turns.get(t);
      assertEquals(t + 1, turn.path("turn").asInt());
      assertTrue(pool.modelNames().contains(turn.path("model").asText()), turn.toString());
      assertTrue(turn.path("prompt_tokens").asInt() > 0, turn.toString());
      assertEquals(turn.path("model").asText(), transcript.get(t).path("model").asText());
      prompt += turn.path("prompt_tokens").asLong();
      total += turn.path("total_tokens").asLong();
      if (transcript.get(t).path("role").asText().equals(Role.WORKER.name().toLowerCase(Locale.ROOT))) {
        lastWorker = transcript.get(t).path("content").asText();
      }
    }
    assertEquals(prompt, plain.path("usage").path("prompt_tokens").asLong());
    assertEquals(total, plain.path("usage").path("total_tokens").asLong());
    String finalAnswer = lastWorker != null ? lastWorker
        : transcript.get(transcript.size() - 1).path("content").asText();
    assertEquals(finalAnswer, plain.path("content").asText());

    // The same request streamed: the same episode (same seed), each turn as reasoning, then the answer; a last
    // Worker turn that the budget made final streams its reply as content and its turn chunk has no reasoning.
    JsonNode streamed = out.path("streamed");
    List<String> events = strings(streamed.path("events"));
    assertEquals("role", events.get(0), events.toString());
    JsonNode streamedTurns = streamed.path("turns");
    assertEquals(turns.size(), streamedTurns.size(), streamedTurns.toString());
    long asContent = 0;
    for (JsonNode turn : streamedTurns) {
      if (turn.path("streamed_as").asText().equals("content")) {
        asContent++;
        assertEquals(turns.size(), turn.path("turn").asInt(), "only the last turn streams as content");
        assertEquals("worker", turn.path("role").asText(), turn.toString());
      }
    }
    assertEquals(turns.size() - asContent, events.stream().filter("reasoning"::equals).count(), events.toString());
    int firstContent = events.indexOf("content");
    assertTrue(firstContent > events.lastIndexOf("reasoning"), "reasoning before content: " + events);
    assertEquals(List.of("finish", "usage"), events.subList(events.size() - 2, events.size()));
    assertEquals(plain.path("content").asText(), streamed.path("content").asText());
    assertEquals("stop", streamed.path("finish_reason").asText());
    assertEquals(plain.path("usage").path("total_tokens").asLong(),
        streamed.path("usage").path("total_tokens").asLong());
    JsonNode firstTurn = streamed.path("reasoning").get(0);
    assertTrue(firstTurn.path("text").asText().startsWith("### Turn 1 | "), firstTurn.toString());
    assertEquals(transcript.get(0).path("model").asText(), firstTurn.path("turn").path("model").asText());

    // The Responses API plays the same episode (same context, same seed) and answers with the same text.
    JsonNode responses = out.path("responses");
    assertEquals("response", responses.path("object").asText(), responses.toString());
    assertEquals("completed", responses.path("status").asText());
    assertEquals(name, responses.path("model").asText());
    assertEquals(plain.path("content").asText(), responses.path("output_text").asText());
    List<String> types = strings(responses.path("output_types"));
    assertEquals(turns.size() + 1, types.size(), types.toString());
    assertEquals("message", types.get(types.size() - 1));
    assertEquals(turns.size(), types.stream().filter("reasoning"::equals).count(), types.toString());
    JsonNode responseUsage = responses.path("usage");
    assertEquals(prompt, responseUsage.path("input_tokens").asLong());
    assertEquals(total, responseUsage.path("total_tokens").asLong());
    assertTrue(responseUsage.path("output_tokens_details").path("reasoning_tokens").asLong()
        < responseUsage.path("output_tokens").asLong(), responseUsage.toString());
    // Streamed with the client's stream helper, which accumulates (and checks) every event: each turn is a
    // reasoning item whose text arrives as reasoning_text deltas, then the message's output_text deltas. A last
    // Worker turn that the budget made final streams straight into the message and has no reasoning item.
    JsonNode responsesStreamed = out.path("responsesStreamed");
    List<String> responseEvents = strings(responsesStreamed.path("events"));
    String reasoningItem = "response.output_item.added response.content_part.added (response.reasoning_text.delta )+"
        + "response.reasoning_text.done response.content_part.done response.output_item.done ";
    String messageItem = "response.output_item.added response.content_part.added (response.output_text.delta )+"
        + "response.output_text.done response.content_part.done response.output_item.done ";
    long reasoningItems = turns.size() - asContent;
    assertTrue((String.join(" ", responseEvents) + " ").matches("response.created (" + reasoningItem + "){"
        + reasoningItems + "}" + messageItem + "response.completed "), responseEvents.toString());
    List<String> outputTypes = strings(responsesStreamed.path("output_types"));
    assertEquals(reasoningItems + 1, outputTypes.size(), outputTypes.toString());
    assertEquals(reasoningItems, outputTypes.stream().filter("reasoning"::equals).count(), outputTypes.toString());
    assertEquals("message", outputTypes.get(outputTypes.size() - 1));
    JsonNode streamedReasoning = responsesStreamed.path("reasoning");
    for (int t = 0; t < reasoningItems; t++) {
      JsonNode item = streamedReasoning.get(t);
      assertEquals(item.path("text").asText(), item.path("deltas").asText(), "deltas add up to the item: " + item);
      assertTrue(item.path("text").asText().startsWith("### Turn " + (t + 1) + " | "), item.toString());
      assertTrue(item.path("text").asText().contains(transcript.get(t).path("content").asText()), item.toString());
    }
    JsonNode itemsDone = responsesStreamed.path("items_done");
    assertEquals(turns.size(), StreamSupport.stream(itemsDone.spliterator(), false)
        .filter(item -> item.path("turn").isObject()).count(), "every turn's facts: " + itemsDone);
    for (int t = 0; t < turns.size(); t++) {
      assertEquals(transcript.get(t).path("model").asText(), itemsDone.get(t).path("turn").path("model").asText());
    }
    assertEquals(asContent > 0 ? "message" : "", itemsDone.get(itemsDone.size() - 1).path("turn")
        .path("streamed_as").asText(), itemsDone.toString());
    assertEquals(plain.path("content").asText(), responsesStreamed.path("text").asText());
    assertEquals(plain.path("content").asText(), responsesStreamed.path("output_text").asText());
    assertEquals("completed", responsesStreamed.path("status").asText());
    assertEquals(total, responsesStreamed.path("usage").path("total_tokens").asLong());
    JsonNode responsesUnknown = out.path("responsesUnknownModel");
    assertEquals("NotFoundError", responsesUnknown.path("class").asText(), responsesUnknown.toString());

    JsonNode unknown = out.path("unknownModel");
    assertEquals("NotFoundError", unknown.path("class").asText(), unknown.toString());
    assertEquals(404, unknown.path("status").asInt());
    assertEquals("model_not_found", unknown.path("code").asText());
    JsonNode denied = out.path("noToken");
    assertEquals("AuthenticationError", denied.path("class").asText(), denied.toString());
    assertEquals(401, denied.path("status").asInt());
    JsonNode bad = out.path("badBody");
    assertEquals(400, bad.path("status").asInt(), bad.toString());
    assertEquals("messages", bad.path("param").asText());

    // Every held-out question, served with the evaluation's task id and seed, plays the evaluation's episode.
    JsonNode served = out.path("heldOut");
    assertEquals(heldOut.size(), served.size());
    double correct = 0;
    for (int i = 0; i < heldOut.size(); i++) {
      QuestionRecord expected = heldOut.get(i);
      JsonNode answer = served.get(i);
      Task task = tasks.get(expected.taskId());
      assertEquals(expected.taskId(), answer.path("task_id").asText());
      double reward = Graders.forTask(task).grade(task, answer.path("content").asText()).correct() ? 1.0 : 0.0;
      assertEquals(expected.correct() ? 1.0 : 0.0, reward, task.id() + ": " + answer);
      assertEquals(expected.turns(), answer.path("turns").size(), task.id() + ": turns");
      for (int t = 0; t < expected.turns(); t++) {
        assertEquals(expected.models().get(t), answer.path("turns").get(t).get(0).asText(), task.id() + ": turn " + t);
        assertEquals(expected.roles().get(t).toLowerCase(Locale.ROOT),
            answer.path("turns").get(t).get(1).asText(), task.id() + ": turn " + t);
      }
      correct += reward;
    }
    assertEquals(trained.eval().firstHead().accuracy(), correct / heldOut.size(), 1e-12);
  }

  private static List<String> ids(JsonNode models) {
    return StreamSupport.stream(models.spliterator(), false).map(m -> m.path("id").asText()).toList();
  }

  private static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
