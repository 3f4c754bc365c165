package io.trinity.driver.serve;

import io.trinity.gateway.api.CallFailure;
import io.trinity.gateway.api.GatewayException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The OpenAI-shaped error a client gets for an episode that failed. The episode's message says at which turn and
 * calling which pool model; the status follows the pool's failure as the gateway reported it after its retries:
 * rate limits stay 429, a spent budget 402, an open circuit 503, a timeout 504, a request the pool found invalid
 * (say, a context too long) keeps its 4xx, and anything else the pool did wrong is a 502. When the head's choice
 * failed and its fallbacks too, the message names every model called and the status follows the last failure,
 * the one that ended the turn.
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

  /**
   * Whether a turn whose call failed with {@code failure} goes on with the head's next-ranked model. It does when
   * the gateway answered with a failure of that model, after the gateway's own retries: an open circuit (503), a
   * rate limit (429), an upstream error or timeout (502, 504), or a request the upstream refused (a context too
   * long for it, a model it does not know). It does not when every model would fail alike: the gateway's budget
   * is the pool's (402), its token is the pool's (401, 403), a gateway that gave no answer (status 0) answers no
   * model, and a failure that is not the pool's is a bug. An upstream that rejected the gateway's key for one
   * model (401 or 403 with code {@value CallFailure#UPSTREAM_AUTH}) is that model's problem: it falls back.
   */
  static boolean modelUnavailable(Throwable failure) {
    return failure instanceof GatewayException g && g.status() >= 400 && (g.status() != 401 && g.status() != 402
        && g.status() != 403 || CallFailure.UPSTREAM_AUTH.equals(g.code()));
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
