package io.trinity.driver.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where LLM calls go. Without {@code url} the job starts the gateway in-process on {@code bind_host} and
 * {@code port} (0, the default, picks a free one); executors on other machines then reach it at
 * {@code advertise_host} (unset with a wildcard {@code bind_host}: the driver's address as Spark knows it). With {@code url} an external gateway is used, with the bearer token from the driver's
 * environment variable named by {@code api_key_env}. Keys of the other kind of gateway are errors rather than
 * ignored, so a config cannot look as if it set something it does not.
 */
public record GatewaySection(String url, String apiKeyEnv, String bindHost, String advertiseHost, Integer port) {
  public GatewaySection {
    if (url != null) {
      for (String key : new String[] {bindHost == null ? null : "bind_host",
          advertiseHost == null ? null : "advertise_host", port == null ? null : "port"}) {
        if (key != null) {
          throw new IllegalArgumentException("gateway." + key + " sets up the in-process gateway, and with "
              + "gateway.url the job starts none: remove one of them");
        }
      }
    } else if (apiKeyEnv != null) {
      throw new IllegalArgumentException("gateway.api_key_env is the token of the external gateway at gateway.url; "
          + "the in-process gateway's token is the pool file's auth_token_env (or a per-run token the job makes)");
    }
    bindHost = bindHost == null ? "127.0.0.1" : bindHost;
    // A wildcard is where the gateway listens, not an address anyone can dial: left unset, the job advertises
    // the driver's own address (JobGateway).
    advertiseHost = advertiseHost == null && !isWildcard(bindHost) ? bindHost : advertiseHost;
    port = Checks.within("gateway.port", port, 0, 65535, 0);
  }

  /** True for the any-address ({@code 0.0.0.0}, {@code ::}) that listens on every interface. */
  public static boolean isWildcard(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      return InetAddress.getByName(bare).isAnyLocalAddress();
    } catch (UnknownHostException e) {
      return false; // not an address this machine can listen on at all; starting the gateway says so
    }
  }

  public static GatewaySection defaults() {
    return new GatewaySection(null, null, null, null, null);
  }
}
