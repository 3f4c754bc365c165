package io.trinity.gateway.server;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.trinity.gateway.accounting.Accounting;
import io.trinity.gateway.context.ContextFit;
import io.trinity.gateway.resilience.UpstreamGuard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gateway's Prometheus metrics (served at {@code GET /metrics}). Labels are pool model names, HTTP statuses
 * and role tags only: never request content, never keys.
 */
final class GatewayMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Meters by their label values: finding one through the registry costs more than recording into it. */
    private final ConcurrentMap<List<String>, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentMap<List<String>, Counter> counters = new ConcurrentHashMap<>();

    GatewayMetrics(List<UpstreamGuard> guards, Accounting accounting, Supplier<Integer> inFlight) {
        for (UpstreamGuard guard : guards) {
            Counter retries = Counter.builder("gateway.upstream.retries")
                    .description("upstream attempts that failed retryably and were tried again")
                    .tag("model", guard.model()).register(registry);
            guard.retry().getEventPublisher().onRetry(event -> retries.increment());
            CircuitBreaker breaker = guard.circuitBreaker();
            Gauge.builder("gateway.circuit.open", breaker, b -> b.getState() == CircuitBreaker.State.OPEN ? 1 : 0)
                    .description("1 while the model's circuit breaker is open")
                    .tag("model", guard.model()).register(registry);
            Gauge.builder("gateway.bulkhead.queued", guard, UpstreamGuard::queued)
                    .description("attempts waiting for a max_concurrency slot")
                    .tag("model", guard.model()).register(registry);
        }
        Gauge.builder("gateway.budget.exhausted", accounting, a -> a.budgetExhausted() ? 1 : 0)
                .description("1 once the budget is spent").register(registry);
        Gauge.builder("gateway.requests.in.flight", inFlight, s -> s.get())
                .description("requests being served").register(registry);
    }

    void request(String model, int status, long nanos) {
        String modelTag = Objects.requireNonNullElse(model, "none");
        timers.computeIfAbsent(List.of(modelTag, String.valueOf(status)), k -> Timer.builder("gateway.request")
                .description("time from a request's arrival to its answer")
                .tag("model", modelTag)
                .tag("status", k.get(1))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The counter {@code name} with the given tag keys and values, alternating. */
    private Counter counter(String name, String... tags) {
        List<String> key = new ArrayList<>(tags.length + 1);
        key.add(name);
        key.addAll(Arrays.asList(tags));
        return counters.computeIfAbsent(key, k -> registry.counter(name, tags));
    }

    /** Retried upstream attempts so far, all models together. */
    long retries() {
        return Math.round(registry.find("gateway.upstream.retries").counters().stream()
                .mapToDouble(Counter::count).sum());
    }

    void cache(String model, boolean hit) {
        counter(hit ? "gateway.cache.hits" : "gateway.cache.misses", "model", model).increment();
    }

    void cacheError(String model) {
        counter("gateway.cache.errors", "model", model).increment();
    }

    /** A call's outcome; a failed call with tokens (a cut stream) counts them as paid. */
    void upstream(String model, String role, boolean success, int promptTokens, int completionTokens, double cost) {
        counter("gateway.upstream.calls", "model", model, "outcome", success ? "success" : "failure")
                .increment();
        if (success || promptTokens + completionTokens > 0) {
            counter("gateway.tokens", "model", model, "role", role, "direction", "prompt")
                    .increment(promptTokens);
            counter("gateway.tokens", "model", model, "role", role, "direction", "completion")
                    .increment(completionTokens);
            counter("gateway.cost.usd", "model", model, "role", role).increment(cost);
        }
    }

    /** Tokens of a cut stream that the gateway estimated; they are counted in {@code gateway_tokens_total} too. */
    void estimatedTokens(String model, String role, int promptTokens, int completionTokens) {
        counter("gateway.tokens.estimated", "model", model, "role", role, "direction", "prompt")
                .increment(promptTokens);
        counter("gateway.tokens.estimated", "model", model, "role", role, "direction", "completion")
                .increment(completionTokens);
    }

    /** How a remote model's request was cut to its context window; requests that fit whole count nothing. */
    void context(String model, ContextFit.Fitted fitted) {
        if (fitted.cut()) {
            counter("gateway.context.cut.requests", "model", model).increment();
            counter("gateway.context.cut.turns", "model", model).increment(fitted.turnsCut());
            counter("gateway.context.cut.messages", "model", model).increment(fitted.messagesCut());
        }
        if (!fitted.fits()) {
            counter("gateway.context.overflow", "model", model).increment();
        }
    }

    String scrape() {
        return registry.scrape();
    }

    void close() {
        registry.close();
    }
}
