package io.trinity.gateway.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.pool.BreakerPolicy;
import io.trinity.gateway.pool.Limits;
import io.trinity.gateway.pool.Provider;
import io.trinity.gateway.pool.ProviderReply;
import io.trinity.gateway.pool.RetryPolicy;
import io.trinity.gateway.pool.StreamSink;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Everything between the gateway and one upstream, built from Resilience4j parts: a {@link Retry} around each
 * call, and around each attempt a {@link CircuitBreaker}, the request and token {@link RateLimiter}s and a
 * {@link Bulkhead}, then the per-attempt timeout. Nothing blocks a thread: rate-limited and queued attempts are
 * started later from the timer, and the retry waits on the timer too.
 *
 * <p>Retries happen only on {@link GatewayException#retryable()} failures and wait the upstream's
 * {@code Retry-After} when it gave one, else an exponential backoff with jitter. Only retryable failures count
 * against the circuit breaker: a 400 says nothing about the upstream's health.
 */
public final class UpstreamGuard {

    /** Longer than any sane wait for a permit: the rate limiters should delay calls, never drop them. */
    private static final Duration PERMIT_WAIT_LIMIT = Duration.ofDays(1);

    private final String model;
    private final Provider provider;
    private final Duration timeout;
    private final Duration openFor;
    private final ScheduledExecutorService timer;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final RateLimiter requestLimiter;
    private final RateLimiter tokenLimiter;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    public UpstreamGuard(String model, Provider provider, Limits limits, RetryPolicy retryPolicy,
            BreakerPolicy breakerPolicy, ScheduledExecutorService timer) {
        this.model = model;
        this.provider = provider;
        this.timeout = limits.timeout();
        this.openFor = breakerPolicy.openFor();
        this.timer = timer;
        this.retry = Retry.of(model, retryConfig(retryPolicy));
        this.breaker = CircuitBreaker.of(model, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breakerPolicy.window())
                .minimumNumberOfCalls(breakerPolicy.minimumCalls())
                .failureRateThreshold(breakerPolicy.failureRatePercent())
                .waitDurationInOpenState(breakerPolicy.openFor())
                .recordException(UpstreamGuard::retryable)
                .build());
        this.bulkhead = limits.maxConcurrency() == null ? null : Bulkhead.of(model, BulkheadConfig.custom()
                .maxConcurrentCalls(limits.maxConcurrency())
                .maxWaitDuration(Duration.ZERO)
                .build());
        this.requestLimiter = perMinute(model + "-requests", limits.requestsPerMinute());
        this.tokenLimiter = perMinute(model + "-tokens", limits.tokensPerMinute());
    }

    public String model() {
        return model;
    }

    public Retry retry() {
        return retry;
    }

    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    /** The queued attempts waiting for a {@code max_concurrency} slot. */
    public int queued() {
        return waiting.size();
    }

    /**
     * Calls the upstream with retries. {@code tokens} is the call's estimated size for the token rate limiter
     * (the real size is known only from the reply). The future fails with the last attempt's failure.
     */
    public CompletableFuture<ProviderReply> call(ChatRequest request, int tokens) {
        Supplier<CompletionStage<ProviderReply>> attempt = () -> attempt(() -> provider.complete(request), tokens);
        return Retry.decorateCompletionStage(retry, timer, attempt).get().toCompletableFuture();
    }

    /**
     * Calls the upstream as {@link #call} does, streaming: {@code deltas} gets the reply's text in pieces as the
     * upstream produces them. The retry rule: an attempt that fails before its first piece was handed on is
     * retried exactly as {@link #call} retries; once a piece has been handed on, nothing is retried (the client
     * has seen text that another attempt would not continue), and the future fails with a non-retryable
     * {@code stream_interrupted} error (status 502) that names the original failure. A reasoning piece counts as
     * a piece. Pieces and token counts that an attempt delivers after it ended (a timed-out attempt that wakes
     * up) are dropped.
     */
    public CompletableFuture<ProviderReply> stream(ChatRequest request, int tokens, StreamSink deltas) {
        AtomicBoolean relayed = new AtomicBoolean();
        Supplier<CompletionStage<ProviderReply>> attempt = () -> {
            AtomicBoolean ended = new AtomicBoolean();
            // Reasoning counts as a relayed piece: the client has seen it too.
            StreamSink gated = new StreamSink() {
                @Override
                public void accept(String text) {
                    if (!ended.get()) {
                        relayed.set(true);
                        deltas.accept(text);
                    }
                }

                @Override
                public void reasoning(String piece) {
                    if (!ended.get()) {
                        relayed.set(true);
                        deltas.reasoning(piece);
                    }
                }

                @Override
                public void usage(Integer promptTokens, Integer completionTokens) {
                    if (!ended.get()) {
                        deltas.usage(promptTokens, completionTokens);
                    }
                }
            };
            CompletableFuture<ProviderReply> reply = attempt(() -> provider.stream(request, gated), tokens);
            return reply.handle((r, error) -> {
                ended.set(true);
                if (error == null) {
                    return CompletableFuture.completedFuture(r);
                }
                Throwable cause = unwrap(error);
                if (relayed.get()) {
                    return CompletableFuture.<ProviderReply>failedFuture(interrupted(cause));
                }
                return CompletableFuture.<ProviderReply>failedFuture(cause);
            }).thenCompose(f -> f);
        };
        return Retry.decorateCompletionStage(retry, timer, attempt).get().toCompletableFuture();
    }

    private GatewayException interrupted(Throwable cause) {
        String why = cause instanceof GatewayException g
                ? (g.status() > 0 ? "HTTP " + g.status() + " " : "") + g.type() + ": " + g.getMessage()
                : cause.getClass().getSimpleName();
        return new GatewayException(502, GatewayException.STREAM_INTERRUPTED, "the stream from " + model
                + " broke off after its first chunk and is not retried: " + why, null,
                GatewayException.STREAM_INTERRUPTED);
    }

    private CompletableFuture<ProviderReply> attempt(Supplier<CompletableFuture<ProviderReply>> call, int tokens) {
        if (!breaker.tryAcquirePermission()) {
            return CompletableFuture.failedFuture(new GatewayException(503, "circuit_open", "the circuit breaker of "
                    + model + " is open after repeated upstream failures", null, "circuit_open", openFor));
        }
        CompletableFuture<ProviderReply> result = afterPermits(requestLimiter, 1)
                .thenCompose(v -> afterPermits(tokenLimiter, tokens))
                .thenCompose(v -> inBulkhead(() -> timed(call)));
        long start = System.nanoTime();
        return result.whenComplete((reply, error) -> {
            long nanos = System.nanoTime() - start;
            if (error == null) {
                breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            } else {
                breaker.onError(nanos, TimeUnit.NANOSECONDS, unwrap(error));
            }
        });
    }

    private CompletableFuture<ProviderReply> timed(Supplier<CompletableFuture<ProviderReply>> call) {
        CompletableFuture<ProviderReply> reply;
        try {
            reply = call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(error -> {
            Throwable cause = unwrap(error);
            return CompletableFuture.failedFuture(cause instanceof TimeoutException
                    ? new GatewayException(0, "timeout", model + " gave no answer within " + timeout)
                    : cause);
        });
    }

    /** Completes when the limiter grants {@code permits}; immediately when there is no limiter. */
    private CompletableFuture<Void> afterPermits(RateLimiter limiter, int permits) {
        if (limiter == null) {
            return CompletableFuture.completedFuture(null);
        }
        // A single call bigger than one refresh period's allowance waits one full period instead of forever.
        long waitNanos = limiter.reservePermission(Math.min(permits, limiter.getRateLimiterConfig()
                .getLimitForPeriod()));
        if (waitNanos < 0) {
            return CompletableFuture.failedFuture(new GatewayException(429, "rate_limit_error", "the gateway's "
                    + limiter.getName() + " limit would hold this call for longer than " + PERMIT_WAIT_LIMIT,
                    null, "gateway_rate_limited"));
        }
        if (waitNanos == 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> granted = new CompletableFuture<>();
        timer.schedule(() -> granted.complete(null), waitNanos, TimeUnit.NANOSECONDS);
        return granted;
    }

    private CompletableFuture<ProviderReply> inBulkhead(Supplier<CompletableFuture<ProviderReply>> call) {
        if (bulkhead == null) {
            return call.get();
        }
        CompletableFuture<ProviderReply> result = new CompletableFuture<>();
        waiting.add(() -> call.get().whenComplete((reply, error) -> {
            bulkhead.onComplete();
            startWaiting();
            if (error == null) {
                result.complete(reply);
            } else {
                result.completeExceptionally(unwrap(error));
            }
        }));
        startWaiting();
        return result;
    }

    /**
     * Starts queued attempts while the bulkhead has room. They run on the timer thread, so a provider that
     * answers at once cannot recurse through this method.
     */
    private void startWaiting() {
        while (!waiting.isEmpty() && bulkhead.tryAcquirePermission()) {
            Runnable next = waiting.poll();
            if (next == null) {
                bulkhead.releasePermission();
                return;
            }
            timer.execute(next);
        }
    }

    private static RetryConfig retryConfig(RetryPolicy policy) {
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(policy.initialBackoff(),
                policy.multiplier(), policy.jitter(), policy.maxBackoff());
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            if (outcome.isLeft() && unwrap(outcome.getLeft()) instanceof GatewayException g
                    && g.retryAfter() != null) {
                return Math.max(1, g.retryAfter().toMillis());
            }
            return backoff.apply(attempt);
        };
        return RetryConfig.custom()
                .maxAttempts(policy.maxAttempts())
                .intervalBiFunction(interval)
                .retryOnException(UpstreamGuard::retryable)
                .build();
    }

    private static boolean retryable(Throwable error) {
        return unwrap(error) instanceof GatewayException g && g.retryable();
    }

    private static RateLimiter perMinute(String name, Integer perMinute) {
        if (perMinute == null) {
            return null;
        }
        // Refill a little at a time (about once a second) rather than a minute's worth at once, so a limit of
        // 600 per minute is 10 per second instead of a burst of 600 followed by a minute of silence.
        int perPeriod = Math.max(1, perMinute / 60);
        Duration period = Duration.ofNanos(Math.round(60e9 * perPeriod / perMinute));
        return RateLimiter.of(name, RateLimiterConfig.custom()
                .limitForPeriod(perPeriod)
                .limitRefreshPeriod(period)
                .timeoutDuration(PERMIT_WAIT_LIMIT)
                .build());
    }

    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
