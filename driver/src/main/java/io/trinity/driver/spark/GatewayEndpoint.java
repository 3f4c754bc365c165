package io.trinity.driver.spark;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How executors reach the gateway: its OpenAI base URL, the name (never the value) of the variable with its token,
 * and how long a call may take before the executor gives up on it (the pool's {@code longestCall()}: the gateway,
 * not the executor, decides when a call failed).
 */
public record GatewayEndpoint(String url, String apiKeyEnv, Duration callTimeout) implements Serializable {
  public GatewayEndpoint {
    Objects.requireNonNull(url, "url");
    if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive, got " + callTimeout);
    }
  }
}
