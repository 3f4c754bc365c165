package io.trinity.driver.serve;

import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.client.PoolClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import java.net.URI;
import java.nio.file.Path;

/**
 * The pool a server's episodes call: the pool file's gateway started in-process on loopback, or a gateway that runs
 * elsewhere. Either way every call goes over the gateway's HTTP API, as in training, so limits, retries, the cache
 * and the accounts apply unchanged. A call is waited for as long as the pool's retries and timeouts can make it
 * last ({@link PoolConfig#longestCall()}): the gateway, not this client, decides when a call failed.
 */
public final class PoolAccess implements AutoCloseable {

  private final GatewayServer gateway;
  private final PoolClient client;
  private final URI url;

  private PoolAccess(GatewayServer gateway, PoolClient client, URI url) {
    this.gateway = gateway;
    this.client = client;
    this.url = url;
  }

  /** Starts {@code pool}'s gateway on loopback; {@code answerKey} (null: the pool file's) serves sim models. */
  public static PoolAccess inProcess(PoolConfig pool, Path answerKey) {
    GatewayServer gateway = GatewayServer.builder().pool(pool).answerKey(answerKey).host("127.0.0.1").port(0)
        .build().start();
    try {
      return new PoolAccess(gateway, OpenAiClient.builder().baseUrl(gateway.baseUrl())
          .apiKey(pool.settings().authTokenEnv() == null ? null : System.getenv(pool.settings().authTokenEnv()))
          .requestTimeout(pool.longestCall()).build(), gateway.baseUrl());
    } catch (RuntimeException e) {
      gateway.close();
      throw e;
    }
  }

  /**
   * A gateway at {@code url} ({@code http://host:port/v1}) serving {@code pool}, whose calls are waited for
   * accordingly; {@code apiKey} may be null.
   */
  public static PoolAccess external(URI url, String apiKey, PoolConfig pool) {
    return new PoolAccess(null, OpenAiClient.builder().baseUrl(url).apiKey(apiKey)
        .requestTimeout(pool.longestCall()).build(), url);
  }

  public PoolClient client() {
    return client;
  }

  /** The gateway's base URL. */
  public URI url() {
    return url;
  }

  /** The in-process gateway, or null when the gateway is external. */
  public GatewayServer gateway() {
    return gateway;
  }

  @Override
  public void close() {
    client.close();
    if (gateway != null) {
      gateway.close();
    }
  }
}
