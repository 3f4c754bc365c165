package io.trinity.gateway.sim;

import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.pool.Provider;
import io.trinity.gateway.pool.ProviderReply;
import io.trinity.gateway.pool.SimFaults;
import io.trinity.gateway.pool.SimModelSpec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SIMULATOR of a pool model, not a language model: it lets training, tests and demos run with no keys and no
 * network. It looks the query up in an answer key and answers right with the probability its skills give for
 * the query's category and the role in the role prompt (Thinker: sound analysis or not; Worker: right or wrong
 * final answer, more often right after a sound Thinker analysis; Verifier: right or wrong verdict on the latest
 * Worker answer). Replies are a pure function of pool seed, model name, request seed and messages. The reply
 * is delivered after the simulated latency by a timer, so no thread waits for it.
 *
 * <p>With {@code faults}, the n-th attempt at a request fails in a way drawn from (request, n), so a run with
 * the same calls in the same order sees the same faults, and a retried call eventually gets through. The faults
 * fail the future the way the OpenAI client fails on the real thing: a 429 with its Retry-After, a 500, a 502
 * for a body that is not JSON, a lost connection for a stream cut short, and no answer at all for a timeout.
 */
public final class SimProvider implements Provider {

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
        long hash = model.requestHash(request);
        SimModel.SimReply reply = model.respond(request, hash);
        SimFault fault = faults.total() == 0 ? SimFault.NONE : SimFault.draw(faults,
                SimRandom.forAttempt(hash, attempts.computeIfAbsent(hash, h -> new AtomicInteger())
                        .getAndIncrement()).nextDouble());
        if (fault == SimFault.TIMEOUT) {
            return new CompletableFuture<>();
        }
        int promptChars = request.messages().stream().mapToInt(m -> chars(m.content())).sum();
        ProviderReply result = new ProviderReply(reply.content(), "stop", tokens(promptChars),
                tokens(chars(reply.content())));
        long delayMs = reply.delayMs() + (fault == SimFault.SLOW ? faults.slowBy().toMillis() : 0);
        GatewayException failure = failure(fault);
        if (delayMs == 0) {
            return failure == null ? CompletableFuture.completedFuture(result)
                    : CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<ProviderReply> future = new CompletableFuture<>();
        try {
            timer.schedule(() -> {
                if (failure == null) {
                    future.complete(result);
                } else {
                    future.completeExceptionally(failure);
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(e);
        }
        return future;
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
