package io.trinity.gateway.server;

import io.trinity.gateway.accounting.AccountKey;
import io.trinity.gateway.accounting.Accounting;
import io.trinity.gateway.api.CallTags;
import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.cache.CacheException;
import io.trinity.gateway.cache.CacheKey;
import io.trinity.gateway.cache.ResponseCache;
import io.trinity.gateway.context.ContextFit;
import io.trinity.gateway.pool.ModelSpec;
import io.trinity.gateway.pool.ProviderReply;
import io.trinity.gateway.pool.RemoteModelSpec;
import io.trinity.gateway.pool.StreamSink;
import io.trinity.gateway.resilience.UpstreamGuard;
import io.trinity.gateway.upstream.Upstreams;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one call: the cache first, then the budget, then the model's {@link UpstreamGuard}. Identical calls
 * that arrive while the first is still in flight wait for its reply instead of paying again. Only paid calls
 * count against the budget; cache hits and coalesced calls are free.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    record Route(ModelSpec spec, UpstreamGuard guard, String identity) {
    }

    /** A reply and whether it cost nothing (from the cache, or shared with an identical call in flight). */
    record Served(ProviderReply reply, boolean free) {
    }

    private final ResponseCache cache;
    private final Accounting accounting;
    private final GatewayMetrics metrics;
    private final Executor blocking;
    private final ConcurrentMap<String, CompletableFuture<ProviderReply>> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> samples = new ConcurrentHashMap<>();

    /** {@code blocking} runs cache writes, which must not hold up the event loop that completes a reply. */
    Dispatcher(ResponseCache cache, Accounting accounting, GatewayMetrics metrics, Executor blocking) {
        this.cache = cache;
        this.accounting = accounting;
        this.metrics = metrics;
        this.blocking = blocking;
    }

    CompletableFuture<Served> serve(Route route, ChatRequest request) {
        return serve(route, request, null);
    }

    /**
     * Serves a call as {@link #serve(Route, ChatRequest)} does, with the same cache key, budget check and
     * accounts, but relays the upstream's reply to {@code deltas} piece by piece as it arrives (see {@link
     * UpstreamGuard#stream} for what a failure after the first piece does). A reply that comes from the cache, or
     * from an identical call already in flight, reaches {@code deltas} not at all: the caller replays it whole. A
     * streamed reply is cached and accounted only once complete. A stream cut after its first piece is never
     * cached, and is accounted as a paid call that failed, charged with the tokens the upstream reported before
     * the cut or else estimated ({@link StreamTally}); a stream that failed before any piece costs nothing.
     */
    CompletableFuture<Served> serveStreaming(Route route, ChatRequest request, StreamSink deltas) {
        return serve(route, request, Objects.requireNonNull(deltas, "deltas"));
    }

    private CompletableFuture<Served> serve(Route route, ChatRequest request, StreamSink deltas) {
        ModelSpec spec = route.spec();
        CallTags tags = request.tags();
        AccountKey account = new AccountKey(spec.name(), tags.role(), tags.generation());
        ChatRequest effective = request.withTags(CallTags.NONE);
        if (spec instanceof RemoteModelSpec remote) {
            ContextFit.Fitted fitted = ContextFit.fit(Upstreams.withDefaults(request, remote),
                    remote.api().contextTokens());
            metrics.context(spec.name(), fitted);
            effective = fitted.request();
        }
        String key = key(route.identity(), effective);
        Optional<ProviderReply> hit = lookup(spec.name(), key);
        if (hit.isPresent()) {
            accounting.cacheHit(account, cost(spec, hit.get()));
            return CompletableFuture.completedFuture(new Served(hit.get(), true));
        }
        accounting.checkBudget();
        CompletableFuture<ProviderReply> mine = new CompletableFuture<>();
        CompletableFuture<ProviderReply> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running.thenApply(reply -> {
                accounting.cacheHit(account, cost(spec, reply));
                return new Served(reply, true);
            });
        }
        // An identical call may have settled between the lookup above and putIfAbsent: it stores its reply before
        // it leaves inFlight, so looking again now finds it instead of paying the upstream a second time.
        Optional<ProviderReply> settled = cache == null ? Optional.empty() : lookupAgain(key);
        if (settled.isPresent()) {
            inFlight.remove(key, mine);
            mine.complete(settled.get());
            accounting.cacheHit(account, cost(spec, settled.get()));
            return CompletableFuture.completedFuture(new Served(settled.get(), true));
        }
        // The upstream sees the request with the entry's parameters and cut to its window, never the tags.
        StreamTally tally = deltas == null ? null : new StreamTally(deltas);
        CompletableFuture<ProviderReply> upstream = tally == null
                ? route.guard().call(effective, estimateTokens(effective))
                : route.guard().stream(effective, estimateTokens(effective), tally);
        ChatRequest sent = effective;
        BiConsumer<ProviderReply, Throwable> settle = (reply, error) -> {
            String role = Objects.requireNonNullElse(tags.role(), "untagged");
            if (error == null) {
                double cost = cost(spec, reply);
                accounting.paid(account, reply.promptTokens(), reply.completionTokens(), cost);
                metrics.upstream(spec.name(), role, true, reply.promptTokens(), reply.completionTokens(), cost);
                store(spec.name(), key, reply);
                inFlight.remove(key, mine);
                mine.complete(reply);
            } else if (tally != null && cut(error)) {
                StreamTally.Charge c = tally.charge(sent.messages());
                double cost = spec.price().cost(c.promptTokens(), c.completionTokens());
                accounting.cut(account, c.promptTokens(), c.completionTokens(),
                        (long) c.estimatedPrompt() + c.estimatedCompletion(), cost);
                metrics.upstream(spec.name(), role, false, c.promptTokens(), c.completionTokens(), cost);
                metrics.estimatedTokens(spec.name(), role, c.estimatedPrompt(), c.estimatedCompletion());
                inFlight.remove(key, mine);
                mine.completeExceptionally(error);
            } else {
                accounting.failed(account);
                metrics.upstream(spec.name(), role, false, 0, 0, 0);
                inFlight.remove(key, mine);
                mine.completeExceptionally(error);
            }
        };
        if (cache == null) {
            upstream.whenComplete(settle);
        } else {
            upstream.whenCompleteAsync(settle, blocking);
        }
        return mine.thenApply(reply -> new Served(reply, false));
    }

    private static boolean cut(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof GatewayException g && GatewayException.STREAM_INTERRUPTED.equals(g.type());
    }

    /** The request's content address; an unseeded sampling call gets the next sample index of its content. */
    private String key(String identity, ChatRequest effective) {
        if (!CacheKey.needsSampleIndex(effective)) {
            return CacheKey.of(identity, effective, -1);
        }
        String content = CacheKey.of(identity, effective, -1);
        long sample = samples.computeIfAbsent(content, k -> new AtomicLong()).getAndIncrement();
        return CacheKey.of(identity, effective, sample);
    }

    /** The second look of {@link #serve}; its miss was already counted by the first. */
    private Optional<ProviderReply> lookupAgain(String key) {
        try {
            return cache.get(key);
        } catch (CacheException e) {
            return Optional.empty();
        }
    }

    /** A broken cache must not stop training: it is logged, counted, and the call goes upstream. */
    private Optional<ProviderReply> lookup(String model, String key) {
        if (cache == null) {
            return Optional.empty();
        }
        try {
            Optional<ProviderReply> hit = cache.get(key);
            metrics.cache(model, hit.isPresent());
            return hit;
        } catch (CacheException e) {
            LOG.warn("response cache lookup failed, calling the upstream: {}", e.getMessage());
            metrics.cacheError(model);
            return Optional.empty();
        }
    }

    private void store(String model, String key, ProviderReply reply) {
        if (cache == null) {
            return;
        }
        try {
            cache.put(key, reply);
        } catch (CacheException e) {
            LOG.warn("response cache write failed: {}", e.getMessage());
            metrics.cacheError(model);
        }
    }

    private static double cost(ModelSpec spec, ProviderReply reply) {
        return spec.price().cost(reply.promptTokens(), reply.completionTokens());
    }

    /** Four characters a token for the prompt, plus the reply's token cap when there is one. */
    private static int estimateTokens(ChatRequest request) {
        long chars = request.messages().stream().map(ChatMessage::content).mapToLong(String::length).sum();
        long tokens = (chars + 3) / 4 + (request.maxTokens() == null ? 0 : request.maxTokens());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, tokens));
    }
}
