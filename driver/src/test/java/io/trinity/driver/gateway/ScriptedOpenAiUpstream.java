package io.trinity.driver.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An OpenAI chat-completions endpoint on loopback that answers every call by a rule over its body, as the real
 * API answers (status and error body), and records the bodies it got. {@link #down()} gives a URL where nothing
 * listens.
 */
public final class ScriptedOpenAiUpstream implements AutoCloseable {
  /** A reply: HTTP status and JSON body. */
  public record Reply(int status, String body) {}

  public static final Reply OK = new Reply(200, """
      {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "m",
       "choices": [{"index": 0, "message": {"role": "assistant", "content": "OK"}, "finish_reason": "stop"}],
       "usage": {"prompt_tokens": 14, "completion_tokens": 1, "total_tokens": 15}}""");

  /** OpenAI's answer to a key it does not know. */
  public static final Reply BAD_KEY = new Reply(401, """
      {"error": {"message": "Incorrect API key provided: test-***. You can find your API key at \
      https://platform.openai.com/account/api-keys.", "type": "invalid_request_error", "param": null, \
      "code": "invalid_api_key"}}""");

  /** OpenAI's reasoning models on {@code max_tokens}: a 400 unsupported_parameter. */
  public static final Reply NO_MAX_TOKENS = new Reply(400, """
      {"error": {"message": "Unsupported parameter: 'max_tokens' is not supported with this model. Use \
      'max_completion_tokens' instead.", "type": "invalid_request_error", "param": "max_tokens", \
      "code": "unsupported_parameter"}}""");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<JsonNode> calls = new CopyOnWriteArrayList<>();

  private ScriptedOpenAiUpstream(Function<JsonNode, Reply> rule) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(threads);
    server.createContext("/v1/chat/completions", exchange -> {
      try (exchange) {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        calls.add(body);
        Reply reply = rule.apply(body);
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    });
    server.start();
  }

  /** Answers every call with {@code reply}. */
  public static ScriptedOpenAiUpstream answering(Reply reply) throws IOException {
    return new ScriptedOpenAiUpstream(body -> reply);
  }

  /** A reasoning model: refuses {@code max_tokens}, answers a call without it. */
  public static ScriptedOpenAiUpstream reasoningModel() throws IOException {
    return new ScriptedOpenAiUpstream(body -> body.has("max_tokens") ? NO_MAX_TOKENS : OK);
  }

  /** A base URL on loopback where nothing listens: a port that was bound and let go. */
  public static String down() throws IOException {
    ScriptedOpenAiUpstream gone = answering(OK);
    String url = gone.baseUrl();
    gone.close();
    return url;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** The bodies of the calls so far, in arrival order. */
  public List<JsonNode> calls() {
    return List.copyOf(calls);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
