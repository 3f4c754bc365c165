package io.trinity.gateway.sim;

import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.pool.Provider;
import io.trinity.gateway.pool.ProviderReply;
import io.trinity.gateway.pool.SimFaults;
import io.trinity.gateway.pool.SimModelSpec;
import io.trinity.gateway.pool.StreamSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SIMULATOR of a pool model, not a language model: it lets training, tests and demos run with no keys and no
 * network. It looks the query up in an answer key and plays the role in the role prompt (Thinker: sound analysis
 * or not; Worker: right or wrong final answer, more often right after a sound Thinker analysis; Verifier: ACCEPT
 * or REVISE on the latest Worker answer) with chances that depend on the question's latent difficulty, shared by
 * the pool's models ({@link SimModel}). Replies are a pure function of pool seed, model name, request seed and
 * messages. The reply
 * is delivered after the simulated latency by a timer, so no thread waits for it.
 *
 * <p>With {@code faults}, the n-th attempt at a request fails in a way drawn from (request, n), so a run with
 * the same calls in the same order sees the same faults, and a retried call eventually gets through. The faults
 * fail the future the way the OpenAI client fails on the real thing: a 429 with its Retry-After, a 500, a 502
 * for a body that is not JSON, a lost connection for a stream cut short, and no answer at all for a timeout.
 */
public final class SimProvider implements Provider {

    /** A streamed reply's piece, about one token by the sim's four-characters-a-token estimate. */
    static final int PIECE_CODE_POINTS = 4;

    private final SimModel model;
    private final SimFaults faults;
    private final ScheduledExecutorService timer;
    private final ConcurrentMap<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();

    public SimProvider(SimModelSpec spec, long poolSeed, SimAnswerKey key, ScheduledExecutorService timer) {
        this.model = new SimModel(spec, poolSeed, key);
        this.faults = spec.faults();
        this.timer = timer;
    }

    @Override
    public CompletableFuture<ProviderReply> complete(ChatRequest request) {
        Attempt a = attempt(request);
        if (a.fault == SimFault.TIMEOUT) {
            return new CompletableFuture<>();
        }
        GatewayException failure = failure(a.fault);
        if (a.delayMs == 0) {
            return failure == null ? CompletableFuture.completedFuture(a.reply)
                    : CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<ProviderReply> future = new CompletableFuture<>();
        later(future, a.delayMs, () -> {
            if (failure == null) {
                future.complete(a.reply);
            } else {
                future.completeExceptionally(failure);
            }
        });
        return future;
    }

    /**
     * The same reply as {@link #complete}, streamed: its text in pieces of {@value #PIECE_CODE_POINTS} code points
     * (about a token each), spread evenly over the simulated latency, so the first piece comes after a fraction
     * of it and the last at the moment {@link #complete} would answer. A truncated-stream fault sends the first
     * half of the pieces and then fails as the lost connection would; the other faults fail before any piece.
     */
    @Override
    public CompletableFuture<ProviderReply> stream(ChatRequest request, StreamSink deltas) {
        Attempt a = attempt(request);
        if (a.fault == SimFault.TIMEOUT) {
            return new CompletableFuture<>();
        }
        GatewayException failure = failure(a.fault);
        CompletableFuture<ProviderReply> future = new CompletableFuture<>();
        if (failure != null && a.fault != SimFault.TRUNCATED_STREAM) {
            later(future, a.delayMs, () -> future.completeExceptionally(failure));
            return future;
        }
        List<String> pieces = pieces(a.reply.content());
        int sent = failure == null ? pieces.size() : Math.max(1, pieces.size() / 2);
        step(future, deltas, pieces, 0, sent, a, failure);
        return future;
    }

    /**
     * Sends piece {@code index} after its share of the latency, then schedules the next, so the pieces arrive in
     * order whatever threads the timer has; after piece {@code sent - 1} the reply completes, or fails.
     */
    private void step(CompletableFuture<ProviderReply> future, StreamSink deltas, List<String> pieces,
            int index, int sent, Attempt a, GatewayException failure) {
        long gap = a.delayMs / Math.max(1, pieces.size());
        long wait = index == Math.max(1, pieces.size()) - 1 ? a.delayMs - gap * index : gap;
        Runnable action = () -> {
            if (future.isDone()) {
                return;
            }
            if (index < pieces.size()) {
                deltas.accept(pieces.get(index));
            }
            if (index + 1 >= sent) {
                if (failure == null) {
                    future.complete(a.reply);
                } else {
                    future.completeExceptionally(failure);
                }
            } else {
                step(future, deltas, pieces, index + 1, sent, a, failure);
            }
        };
        // A reply with latency is streamed from the timer only, never partly from the caller's thread.
        if (wait <= 0 && (index > 0 || a.delayMs == 0)) {
            action.run();
        } else {
            later(future, Math.max(0, wait), action);
        }
    }

    private record Attempt(ProviderReply reply, long delayMs, SimFault fault) {
    }

    private Attempt attempt(ChatRequest request) {
        long hash = model.requestHash(request);
        SimModel.SimReply reply = model.respond(request, hash);
        SimFault fault = faults.total() == 0 ? SimFault.NONE : SimFault.draw(faults,
                SimRandom.forAttempt(hash, attempts.computeIfAbsent(hash, h -> new AtomicInteger())
                        .getAndIncrement()).nextDouble());
        int promptChars = request.messages().stream().mapToInt(m -> chars(m.content())).sum();
        ProviderReply result = new ProviderReply(reply.content(), "stop", tokens(promptChars),
                reply.completionTokens());
        long delayMs = reply.delayMs() + (fault == SimFault.SLOW ? faults.slowBy().toMillis() : 0);
        return new Attempt(result, delayMs, fault);
    }

    private void later(CompletableFuture<ProviderReply> future, long delayMs, Runnable action) {
        try {
            timer.schedule(action, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(e);
        }
    }

    private static List<String> pieces(String content) {
        List<String> pieces = new ArrayList<>();
        for (int from = 0; from < content.length(); ) {
            int to = content.offsetByCodePoints(from,
                    Math.min(PIECE_CODE_POINTS, content.codePointCount(from, content.length())));
            pieces.add(content.substring(from, to));
            from = to;
        }
        return pieces;
    }

    private GatewayException failure(SimFault fault) {
        return switch (fault) {
            case RATE_LIMITED -> new GatewayException(429, "rate_limit_error", "simulated rate limit", null,
                    "rate_limit_exceeded", faults.retryAfter());
            case SERVER_ERROR -> new GatewayException(500, "server_error", "simulated server error");
            case MALFORMED_JSON -> new GatewayException(502, "invalid_response",
                    "response is not JSON: simulated malformed body");
            case TRUNCATED_STREAM -> new GatewayException(0, "connection_error",
                    "simulated stream ended before its last chunk");
            case NONE, SLOW, TIMEOUT -> null;
        };
    }

    /** The usual rough estimate of four characters per token; the sim has no tokenizer. */
    private static int tokens(int chars) {
        return (chars + 3) / 4;
    }

    private static int chars(String text) {
        return text.codePointCount(0, text.length());
    }
}
