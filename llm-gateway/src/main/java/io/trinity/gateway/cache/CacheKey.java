package io.trinity.gateway.cache;

import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content address of a call: SHA-256 over the upstream's identity, the messages and every sampling parameter
 * as the upstream will see them (defaults filled in), plus the seed, or the sample index when an unseeded call
 * samples ({@code temperature > 0} or unset). Tags are left out: who asks does not change the answer.
 */
public final class CacheKey {

    private CacheKey() {
    }

    /** Whether the reply is a random draw the request does not pin down, so repeats must be told apart. */
    public static boolean needsSampleIndex(ChatRequest effective) {
        return effective.seed() == null && (effective.temperature() == null || effective.temperature() > 0);
    }

    /** {@code effective} is the request with the model's defaults applied; {@code sampleIndex} is -1 for none. */
    public static String of(String upstreamIdentity, ChatRequest effective, long sampleIndex) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        text(digest, "trinity-cache-v1");
        text(digest, upstreamIdentity);
        digest.update(ByteBuffer.allocate(4).putInt(effective.messages().size()).array());
        for (ChatMessage m : effective.messages()) {
            text(digest, m.role());
            text(digest, m.content());
        }
        text(digest, String.valueOf(effective.temperature()));
        text(digest, String.valueOf(effective.maxTokens()));
        text(digest, String.valueOf(effective.reasoningEffort()));
        text(digest, effective.seed() != null ? "seed " + effective.seed() : "sample " + sampleIndex);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Length-prefixed, so ("ab", "c") and ("a", "bc") differ. */
    private static void text(MessageDigest digest, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }
}
