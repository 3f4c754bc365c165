package io.trinity.driver.serve;

import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.OpenAiJson;
import io.trinity.gateway.client.PoolClient;
import io.trinity.gateway.http.DaemonThreads;
import io.trinity.gateway.http.EventLoops;
import io.trinity.gateway.server.BearerAuth;
import io.trinity.gateway.server.Exchange;
import io.trinity.gateway.server.ExchangeHandler;
import io.trinity.gateway.server.HttpFront;
import io.trinity.workers.episode.EpisodeRunner;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trained coordinators served as OpenAI-compatible models, on the gateway's HTTP stack: {@code POST
 * /v1/chat/completions} and {@code POST /v1/responses} (plain and streamed), {@code GET /v1/models},
 * {@code GET /healthz} (never authenticated) and {@code GET /metrics} (Prometheus). With a token every other
 * request must carry {@code Authorization: Bearer <token>}; without one it binds loopback only. It does not own
 * the pool client.
 */
public final class CoordinatorServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorServer.class);
  /** A chat history of this size is far beyond any model's context; the limit stops a broken client. */
  static final int MAX_BODY_BYTES = 8 << 20;
  private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

  private final List<ServedModel> models;
  private final EventLoops loops;
  /** Scrapes walk every meter: off the event loops. */
  private final ExecutorService scrapes;
  private final ServeMetrics metrics = new ServeMetrics();
  private final HttpFront front;
  private final AtomicBoolean closed = new AtomicBoolean();

  private CoordinatorServer(Builder b) {
    this.models = List.copyOf(b.models);
    BindPolicy.check(b.host, b.token != null);
    this.loops = new EventLoops(b.ioThreads, "serve-io");
    this.scrapes = Executors.newSingleThreadExecutor(DaemonThreads.named("serve-metrics"));
    Map<String, EpisodeEndpoint.Served> served = new LinkedHashMap<>();
    Map<String, String> owners = new LinkedHashMap<>();
    for (ServedModel model : models) {
      // Episodes are started one by one here, so the runner's own bound on episodes in flight never applies.
      served.put(model.name(), new EpisodeEndpoint.Served(model,
          new EpisodeRunner(b.pool, model.coordinator().models(), 1, EpisodeErrors::modelUnavailable)));
      owners.put(model.name(), "trinity");
    }
    BearerAuth auth = new BearerAuth(b.token);
    byte[] modelList = OpenAiJson.writeModels(owners);
    Map<String, ExchangeHandler> paths = Map.of(
        Dialect.CHAT_COMPLETIONS.path(), auth.guard(new EpisodeEndpoint(Dialect.CHAT_COMPLETIONS, served, metrics,
            b.timeout)),
        Dialect.RESPONSES.path(), auth.guard(new EpisodeEndpoint(Dialect.RESPONSES, served, metrics, b.timeout)),
        "/v1/models", auth.guard(exchange -> {
          if (exchange.accept("GET", "/v1/models")) {
            exchange.sendJson(200, modelList);
          }
        }),
        "/healthz", exchange -> {
          if (exchange.accept("GET", "/healthz")) {
            exchange.sendJson(200, HEALTHY);
          }
        },
        "/metrics", auth.guard(this::scrape));
    ExchangeHandler unknown = auth.guard(exchange -> exchange.sendError(new GatewayException(404,
        "invalid_request_error", "no route for " + exchange.method() + " " + exchange.path(), null, "not_found")));
    try {
      this.front = HttpFront.bind(loops, b.host, b.port, paths, unknown, MAX_BODY_BYTES);
    } catch (RuntimeException e) {
      scrapes.shutdownNow();
      loops.close();
      throw new ServeException("--host " + b.host + " --port " + b.port + ": " + e.getMessage(), e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public CoordinatorServer start() {
    front.start();
    LOG.info("serving {} at {}", models.stream().map(ServedModel::name).toList(), baseUrl());
    return this;
  }

  public int port() {
    return front.port();
  }

  /** {@code http://HOST:PORT/v1}, the base URL for OpenAI clients. */
  public URI baseUrl() {
    return front.baseUrl();
  }

  public List<ServedModel> models() {
    return models;
  }

  /** The Prometheus text that {@code GET /metrics} serves. */
  public String metricsText() {
    return metrics.scrape();
  }

  /** Stops at once: episodes in flight stop before their next pool call, their clients see the connection close. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      front.close();
      scrapes.shutdownNow();
      loops.close();
      metrics.close();
    }
  }

  /** A scrape walks every meter; it runs on its own thread, off the event loops. */
  private void scrape(Exchange exchange) {
    if (!exchange.accept("GET", "/metrics")) {
      return;
    }
    try {
      scrapes.execute(() -> exchange.send(200, "text/plain; version=0.0.4",
          metrics.scrape().getBytes(StandardCharsets.UTF_8)));
    } catch (RejectedExecutionException closing) {
      exchange.sendError(new GatewayException(503, "unavailable", "the server is shutting down"));
    }
  }

  public static final class Builder {
    private List<ServedModel> models = List.of();
    private PoolClient pool;
    private String host = "127.0.0.1";
    private int port;
    private String token;
    private Duration timeout = Duration.ofMinutes(10);
    private int ioThreads = Math.min(4, Runtime.getRuntime().availableProcessors());

    private Builder() {}

    public Builder models(List<ServedModel> models) {
      this.models = List.copyOf(models);
      return this;
    }

    /** Where every pool call goes: the in-process gateway's client, or an external gateway's. */
    public Builder pool(PoolClient pool) {
      this.pool = Objects.requireNonNull(pool, "pool");
      return this;
    }

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** 0 (the default) binds a free port; read it back with {@link CoordinatorServer#port()}. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new ServeException("--port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** The bearer token every request but {@code /healthz} must carry; null or empty for none (loopback only). */
    public Builder token(String token) {
      this.token = token == null || token.isEmpty() ? null : token;
      return this;
    }

    /** How long one request's episode may take before it is answered with a 504 and stopped. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new ServeException("the request timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    public CoordinatorServer build() {
      Objects.requireNonNull(pool, "pool");
      if (models.isEmpty()) {
        throw new ServeException("no model to serve: give at least one --head");
      }
      return new CoordinatorServer(this);
    }
  }
}
