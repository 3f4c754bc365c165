package io.trinity.driver.serve;

import io.trinity.gateway.api.GatewayException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The OpenAI-shaped error a client gets for an episode that failed. The episode's message says at which turn and
 * calling which pool model; the status follows the pool's failure as the gateway reported it after its retries:
 * rate limits stay 429, a spent budget 402, an open circuit 503, a timeout 504, a request the pool found invalid
 * (say, a context too long) keeps its 4xx, and anything else the pool did wrong is a 502.
 */
final class EpisodeErrors {
  private EpisodeErrors() {}

  static GatewayException toClient(String servedModel, Throwable failure) {
    Throwable error = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (error instanceof TimeoutException) {
      return new GatewayException(504, "timeout", "'" + servedModel + "' did not finish its episode in time",
          null, "request_timeout");
    }
    GatewayException pool = poolFailure(error);
    String message = "'" + servedModel + "' failed: " + error.getMessage();
    if (pool == null) {
      return new GatewayException(500, "internal_error", message);
    }
    return switch (pool.status()) {
      case 402 -> new GatewayException(402, pool.type(), message, null, pool.code());
      case 503 -> new GatewayException(503, pool.type(), message, null, pool.code());
      case 429 -> new GatewayException(429, "rate_limit_error", message, null, "rate_limit_exceeded",
          pool.retryAfter());
      case 504 -> new GatewayException(504, "timeout", message, null, "upstream_timeout");
      case 0 -> "timeout".equals(pool.type())
          ? new GatewayException(504, "timeout", message, null, "upstream_timeout")
          : new GatewayException(502, "upstream_error", message);
      case 400, 413, 422 -> new GatewayException(pool.status(), "invalid_request_error", message, null,
          pool.code());
      default -> new GatewayException(502, "upstream_error", message);
    };
  }

  private static GatewayException poolFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof GatewayException g) {
        return g;
      }
    }
    return null;
  }
}
