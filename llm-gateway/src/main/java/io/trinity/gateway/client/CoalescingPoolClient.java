package io.trinity.gateway.client;

import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A {@link PoolClient} that sends identical seeded calls in flight at the same time once: the later callers get
 * the first one's reply (or its failure) when it arrives. The gateway's dispatcher already answers such calls
 * once upstream, for free; doing it here too saves each of them the round trip to the gateway. A training
 * generation's candidates often make the same first call on the same task, so on the demo most calls are such
 * repeats (docs/BENCHMARKS.md, "Identical calls coalesced in the executor").
 *
 * <p>Only calls with a seed are coalesced: the gateway gives each unseeded sampling call a sample of its own, so
 * two of them are not the same call. Calls are the same when their requests are equal, tags included, so the
 * gateway still accounts every paid call to the role and generation that made it; the callers that shared it do
 * not reach the gateway and are not in its accounts. Nothing is kept once a call completes: this is not a cache,
 * and a later identical call goes to the gateway again. Streamed calls are not coalesced, since each caller gets
 * the reply's pieces as they arrive.
 */
public final class CoalescingPoolClient implements PoolClient {

    private final PoolClient delegate;
    private final ConcurrentMap<ChatRequest, CompletableFuture<ChatResponse>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong coalesced = new AtomicLong();

    public CoalescingPoolClient(PoolClient delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
        if (request.seed() == null) {
            return delegate.chat(request);
        }
        CompletableFuture<ChatResponse> mine = new CompletableFuture<>();
        CompletableFuture<ChatResponse> running = inFlight.putIfAbsent(request, mine);
        if (running != null) {
            coalesced.incrementAndGet();
            // A copy, so that a caller that cancels or completes its future leaves the others' alone.
            return running.copy();
        }
        CompletableFuture<ChatResponse> call;
        try {
            call = delegate.chat(request);
        } catch (RuntimeException e) {
            inFlight.remove(request, mine);
            mine.completeExceptionally(e);
            throw e;
        }
        call.whenComplete((reply, failure) -> {
            // Out of the map before the callers go on, so that a call they make next is not joined to this one.
            inFlight.remove(request, mine);
            if (failure == null) {
                mine.complete(reply);
            } else {
                mine.completeExceptionally(failure);
            }
        });
        return mine.copy();
    }

    @Override
    public CompletableFuture<ChatResponse> chatStreaming(ChatRequest request, Consumer<String> deltas) {
        return delegate.chatStreaming(request, deltas);
    }

    /** How many calls got another call's reply instead of a request of their own, since this client was made. */
    public long coalesced() {
        return coalesced.get();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
