package io.trinity.driver.spark;

import java.io.Serializable;

/**
 * How executors reach the gateway: its OpenAI base URL and the bearer token to send (null: none). It travels in
 * the tasks' closures, which Spark ships to executors but writes to neither its event log nor its UI, unlike
 * SparkConf entries such as {@code spark.executorEnv.*}.
 */
public record GatewayEndpoint(String url, String token) implements Serializable {
  /** Never the token: an endpoint may end up in a log line or an exception message. */
  @Override
  public String toString() {
    return "GatewayEndpoint[url=" + url + ", token=" + (token == null ? "none" : "<redacted>") + "]";
  }
}
