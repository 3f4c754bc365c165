package io.trinity.workers.episode;

import io.trinity.gateway.api.GatewayException;

/**
 * A pool call of a turn that failed before another model answered the turn.
 *
 * @param model the pool model called
 * @param status the HTTP status the pool answered with, or 0 when it gave none (or the failure was not the pool's)
 * @param reason the failure's message
 */
public record FailedCall(String model, int status, String reason) {
  static FailedCall of(String model, Throwable error) {
    int status = error instanceof GatewayException g ? g.status() : 0;
    return new FailedCall(model, status, error.getMessage() == null ? error.getClass().getSimpleName()
        : error.getMessage());
  }
}
