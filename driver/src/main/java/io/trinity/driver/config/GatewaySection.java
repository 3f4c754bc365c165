package io.trinity.driver.config;

/**
 * Where LLM calls go. Without {@code url} the job starts the gateway in-process on {@code bind_host}; executors on
 * other machines then reach it at {@code advertise_host}. With {@code url} an external gateway is used, with the
 * bearer token from the environment variable named by {@code api_key_env}.
 */
public record GatewaySection(String url, String apiKeyEnv, String bindHost, String advertiseHost) {
  public GatewaySection {
    bindHost = bindHost == null ? "127.0.0.1" : bindHost;
    advertiseHost = advertiseHost == null ? bindHost : advertiseHost;
  }

  public static GatewaySection defaults() {
    return new GatewaySection(null, null, null, null);
  }
}
