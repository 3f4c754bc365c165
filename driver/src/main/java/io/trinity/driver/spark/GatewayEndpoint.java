package io.trinity.driver.spark;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How executors reach the gateway: its OpenAI base URL, the bearer token to send (null: none), and how long a call
 * may take before the executor gives up on it (the pool's {@code longestCall()}: the gateway, not the executor,
 * decides when a call failed). It travels in the tasks' closures, which Spark ships to executors but writes to
 * neither its event log nor its UI, unlike SparkConf entries such as {@code spark.executorEnv.*}.
 */
public record GatewayEndpoint(String url, String token, Duration callTimeout) implements Serializable {
  public GatewayEndpoint {
    Objects.requireNonNull(url, "url");
    if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive, got " + callTimeout);
    }
  }

  /** Never the token: an endpoint may end up in a log line or an exception message. */
  @Override
  public String toString() {
    return "GatewayEndpoint[url=" + url + ", token=" + (token == null ? "none" : "<redacted>") + ", callTimeout="
        + callTimeout + "]";
  }
}
