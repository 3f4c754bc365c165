package io.trinity.gateway.sim;

import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.pool.Provider;
import io.trinity.gateway.pool.ProviderReply;
import io.trinity.gateway.pool.SimModelSpec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A SIMULATOR of a pool model, not a language model: it lets training, tests and demos run with no keys and no
 * network. It looks the query up in an answer key and answers right with the probability its skills give for
 * the query's category and the role in the role prompt (Thinker: sound analysis or not; Worker: right or wrong
 * final answer, more often right after a sound Thinker analysis; Verifier: right or wrong verdict on the latest
 * Worker answer). Replies are a pure function of pool seed, model name, request seed and messages. The reply
 * is delivered after the simulated latency by a timer, so no thread waits for it.
 */
public final class SimProvider implements Provider {

    private final SimModel model;
    private final ScheduledExecutorService timer;

    public SimProvider(SimModelSpec spec, long poolSeed, SimAnswerKey key, ScheduledExecutorService timer) {
        this.model = new SimModel(spec, poolSeed, key);
        this.timer = timer;
    }

    @Override
    public CompletableFuture<ProviderReply> complete(ChatRequest request) {
        SimModel.SimReply reply = model.respond(request);
        int promptChars = request.messages().stream().mapToInt(m -> chars(m.content())).sum();
        ProviderReply result = new ProviderReply(reply.content(), "stop", tokens(promptChars),
                tokens(chars(reply.content())));
        if (reply.delayMs() == 0) {
            return CompletableFuture.completedFuture(result);
        }
        CompletableFuture<ProviderReply> future = new CompletableFuture<>();
        try {
            timer.schedule(() -> future.complete(result), reply.delayMs(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    /** The usual rough estimate of four characters per token; the sim has no tokenizer. */
    private static int tokens(int chars) {
        return (chars + 3) / 4;
    }

    private static int chars(String text) {
        return text.codePointCount(0, text.length());
    }
}
