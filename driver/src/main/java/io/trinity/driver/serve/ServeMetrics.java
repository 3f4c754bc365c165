package io.trinity.driver.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.trinity.workers.episode.FailedCall;
import io.trinity.workers.episode.PlayedTurn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The served coordinators' Prometheus metrics ({@code GET /metrics}): requests with a latency histogram, turns per
 * request, the selections per pool model and role, fallbacks, tokens and cost per pool model, and errors. Labels are
 * served and pool model names, roles, statuses and error types only: never request content, never tokens.
 */
final class ServeMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Meters by their name and label values: finding one through the registry costs more than recording into it. */
  private final ConcurrentMap<List<String>, Object> meters = new ConcurrentHashMap<>();

  ServeMetrics() {
    Gauge.builder("trinity.serve.requests.in.flight", inFlight, AtomicInteger::get)
        .description("requests whose episode is being played").register(registry);
  }

  void episodeStarted() {
    inFlight.incrementAndGet();
  }

  void episodeEnded() {
    inFlight.decrementAndGet();
  }

  /** A request answered (or given up on: status 499 when its client went away) after {@code nanos}. */
  void request(String model, int status, boolean stream, long nanos, int turns) {
    String modelTag = model == null ? "none" : model;
    meter(List.of("request", modelTag, String.valueOf(status), String.valueOf(stream)), k ->
        Timer.builder("trinity.serve.requests")
            .description("time from a request's arrival to its answer, every turn of its episode included")
            .tags("model", modelTag, "status", k.get(2), "stream", k.get(3))
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry), Timer.class)
        .record(nanos, TimeUnit.NANOSECONDS);
    if (turns > 0) {
      meter(List.of("turns", modelTag), k -> DistributionSummary.builder("trinity.serve.turns")
          .description("turns played per answered request").tag("model", modelTag)
          .serviceLevelObjectives(1, 2, 3, 4, 5, 6, 8, 10).register(registry), DistributionSummary.class)
          .record(turns);
    }
    if (status >= 400) {
      meter(List.of("errors", modelTag, String.valueOf(status)), k -> Counter.builder("trinity.serve.errors")
          .description("requests answered with an error (499: the client went away)")
          .tags("model", modelTag, "status", k.get(2)).register(registry), Counter.class).increment();
    }
  }

  /**
   * One turn of {@code model}'s episode: which pool model answered it, in which role (the head's choice, or the
   * fallback that answered when it failed), what it cost, and each pool model that failed the turn before.
   */
  void turn(String model, PlayedTurn turn) {
    for (FailedCall failed : turn.fallbackFrom()) {
      counter("trinity.serve.fallbacks", "pool calls that failed and were handed to the next-ranked model",
          "model", model, "pool_model", failed.model(), "status", String.valueOf(failed.status())).increment();
    }
    String pool = turn.turn().model();
    String role = turn.turn().role().name().toLowerCase(Locale.ROOT);
    counter("trinity.serve.selections", "turns in which the head chose this pool model and role",
        "model", model, "pool_model", pool, "role", role).increment();
    counter("trinity.serve.tokens", "tokens of the pool calls", "model", model, "pool_model", pool, "direction",
        "prompt").increment(turn.usage().promptTokens());
    counter("trinity.serve.tokens", "tokens of the pool calls", "model", model, "pool_model", pool, "direction",
        "completion").increment(turn.usage().completionTokens());
    counter("trinity.serve.cost.usd", "list price of the pool calls", "model", model, "pool_model", pool)
        .increment(turn.usage().cost());
  }

  String scrape() {
    return registry.scrape();
  }

  void close() {
    registry.close();
  }

  private Counter counter(String name, String description, String... tags) {
    List<String> key = new ArrayList<>(List.of(tags));
    key.add(0, name);
    return meter(key, k -> Counter.builder(name).description(description).tags(tags).register(registry),
        Counter.class);
  }

  private <M> M meter(List<String> key, Function<List<String>, M> create, Class<M> type) {
    return type.cast(meters.computeIfAbsent(key, create::apply));
  }
}
