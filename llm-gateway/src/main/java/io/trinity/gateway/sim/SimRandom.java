package io.trinity.gateway.sim;

import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The simulator's only source of randomness: a SplitMix64 stream seeded by SHA-256 of (pool seed, model name,
 * request seed, every message). Identical requests therefore get identical replies on any JVM, which is what
 * common random numbers across candidates and a replayable response cache rely on.
 */
final class SimRandom {

    private long state;

    SimRandom(long state) {
        this.state = state;
    }

    static SimRandom forRequest(long poolSeed, String model, ChatRequest request) {
        return new SimRandom(requestHash(poolSeed, model, request));
    }

    /** A stream for the fault draw of one attempt at a request, independent of the reply's stream. */
    static SimRandom forAttempt(long requestHash, int attempt) {
        SimRandom mixer = new SimRandom(requestHash ^ 0x5DEECE66DL);
        for (int i = 0; i <= attempt; i++) {
            mixer.nextLong();
        }
        return new SimRandom(mixer.nextLong());
    }

    /** The first 64 bits of SHA-256 over (pool seed, request seed, model name, every message). */
    static long requestHash(long poolSeed, String model, ChatRequest request) {
        MessageDigest digest = SimAnswerKey.sha256();
        ByteBuffer longs = ByteBuffer.allocate(16)
                .putLong(poolSeed)
                .putLong(request.seed() == null ? 0L : request.seed());
        digest.update(longs.array());
        update(digest, model);
        for (ChatMessage m : request.messages()) {
            update(digest, m.role());
            update(digest, m.content());
        }
        return ByteBuffer.wrap(digest.digest()).getLong();
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal, by Box-Muller from two uniforms (the second half of the pair is not kept). */
    double nextGaussian() {
        double u = 1 - nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * nextDouble());
    }

    /**
     * A stream keyed on a question alone (and the pool seed, and {@code salt}), not on any request: the latent
     * difficulty draws that every request about the question must agree on. {@code queryHash} is the hex SHA-256
     * of the question, whose first 64 bits are already uniform.
     */
    static SimRandom forQuestion(long poolSeed, long salt, String queryHash) {
        SimRandom mixer = new SimRandom(Long.parseUnsignedLong(queryHash.substring(0, 16), 16) ^ salt);
        mixer.state ^= new SimRandom(poolSeed).nextLong();
        return new SimRandom(mixer.nextLong());
    }

    /** The first 64 bits of SHA-256 of a model name: a salt for that model's own latent draws. */
    static long nameSalt(String name) {
        return ByteBuffer.wrap(SimAnswerKey.sha256().digest(name.getBytes(StandardCharsets.UTF_8))).getLong();
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        return (int) (nextDouble() * bound);
    }

    private long nextLong() {
        long z = state += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Length-prefixed, so ("ab", "c") and ("a", "bc") hash differently. */
    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }
}
