package io.trinity.driver.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.trinity.fitness.task.Task;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One paid model's OpenAI-compatible endpoint on loopback, misbehaving as real ones do: on a seeded share of calls
 * it answers OpenAI's 400 for a context too long, Azure's content-filter 400, an empty reply, or a reply cut off at
 * the token cap; the other calls get the task's right answer with probability {@code skill}, else a wrong one. What
 * a call gets depends only on its body (messages and seed), never on the order calls arrive in, so a resumed run
 * sees exactly what an undisturbed one saw. {@link #rejectKeys()} turns it into an endpoint that refuses the key.
 */
public final class ChaosUpstream implements AutoCloseable {

  /** The shares of calls that get each failure; the rest are answered. */
  public record Shares(double contextLength, double contentFilter, double empty, double noFinalAnswer) {
    public static final Shares NONE = new Shares(0, 0, 0, 0);
  }

  static final String CONTEXT_LENGTH = """
      {"error": {"message": "This model's maximum context length is 8192 tokens. However, your messages resulted \
      in 9311 tokens. Please reduce the length of the messages.", "type": "invalid_request_error", \
      "param": "messages", "code": "context_length_exceeded"}}""";
  static final String CONTENT_FILTER = """
      {"error": {"message": "The response was filtered due to the prompt triggering Azure OpenAI's content \
      management policy. Please modify your prompt and retry.", "type": null, "param": "prompt", \
      "code": "content_filter", "status": 400}}""";
  static final String INVALID_KEY = """
      {"error": {"message": "Incorrect API key provided: test-gat************e2. You can find your API key at \
      https://platform.openai.com/account/api-keys.", "type": "invalid_request_error", "param": null, \
      "code": "invalid_api_key"}}""";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final Map<String, Task> byPrompt;
  private final double skill;
  private final Shares shares;
  private final AtomicInteger calls = new AtomicInteger();
  private volatile boolean rejectKeys;

  public ChaosUpstream(List<Task> tasks, double skill, Shares shares) throws IOException {
    this.byPrompt = tasks.stream().collect(Collectors.toMap(Task::prompt, Function.identity(), (a, b) -> a));
    this.skill = skill;
    this.shares = shares;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    server.setExecutor(threads);
    server.createContext("/v1/chat/completions", this::answer);
    server.start();
  }

  public ChaosUpstream rejectKeys() {
    rejectKeys = true;
    return this;
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  /** The calls that reached this endpoint: what a provider would bill (or, for a rejected key, log). */
  public int calls() {
    return calls.get();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      calls.incrementAndGet();
      if (rejectKeys) {
        send(exchange, 401, INVALID_KEY);
        return;
      }
      JsonNode request = JSON.readTree(body);
      SplittableRandom random = new SplittableRandom(Arrays.hashCode(body) * 0x9E3779B97F4A7C15L);
      double draw = random.nextDouble();
      int promptTokens = body.length / 4;
      if ((draw -= shares.contextLength()) < 0) {
        send(exchange, 400, CONTEXT_LENGTH);
      } else if ((draw -= shares.contentFilter()) < 0) {
        send(exchange, 400, CONTENT_FILTER);
      } else if ((draw -= shares.empty()) < 0) {
        send(exchange, 200, reply(request, "", "stop", promptTokens));
      } else if ((draw -= shares.noFinalAnswer()) < 0) {
        send(exchange, 200, reply(request, "Let us work through this carefully. First,", "length", promptTokens));
      } else {
        send(exchange, 200, reply(request, answerTo(request, random.nextDouble() < skill), "stop", promptTokens));
      }
    }
  }

  private String answerTo(JsonNode request, boolean right) {
    Task task = null;
    for (JsonNode message : request.path("messages")) {
      task = task != null ? task : byPrompt.get(message.path("content").asText());
    }
    if (task == null) {
      return "I cannot tell which question this is.";
    }
    String gold = right ? task.gold().strip() : "0" + task.gold().strip() + "1";
    return switch (task.format()) {
      case CHOICE -> "Answer: " + (right ? gold : "Z");
      case CODE -> "```python\nraise SystemExit(1)\n```";
      default -> "The answer is \\boxed{" + gold + "}.";
    };
  }

  private static String reply(JsonNode request, String content, String finish, int promptTokens) {
    ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-chaos").put("object", "chat.completion")
        .put("model", request.path("model").asText());
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", finish);
    choice.putObject("message").put("role", "assistant").put("content", content);
    root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", 1 + content.length() / 4)
        .put("total_tokens", promptTokens + 1 + content.length() / 4);
    return root.toString();
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
