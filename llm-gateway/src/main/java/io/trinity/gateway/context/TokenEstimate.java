package io.trinity.gateway.context;

import io.trinity.gateway.api.ChatMessage;
import java.util.List;

/**
 * An upper estimate of a prompt's tokens without the model's tokenizer (the gateway has none for remote models).
 * BPE tokenizers (OpenAI's cl100k and o200k, Qwen's, Anthropic's) average about four ASCII characters a token in
 * English and about three in code and math, and take one or two tokens for a CJK character or an accented letter
 * outside their merges. So an ASCII character counts a third of a token, any other code point two tokens, and
 * each message {@value #PER_MESSAGE} more for its chat-template framing, plus {@value #PER_REQUEST} for the reply's
 * priming. That overstates typical text by a quarter or more: a cut made by it may be larger than needed, but a
 * prompt it says fits does fit.
 */
public final class TokenEstimate {

    static final int PER_MESSAGE = 8;
    static final int PER_REQUEST = 16;

    private TokenEstimate() {
    }

    public static long of(List<ChatMessage> messages) {
        long tokens = PER_REQUEST;
        for (ChatMessage m : messages) {
            tokens += PER_MESSAGE + of(m.role()) + of(m.content());
        }
        return tokens;
    }

    /** The tokens of a text alone, by the same rule (no framing): what a reply's pieces are estimated at. */
    public static long of(String text) {
        long ascii = 0;
        long other = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (cp < 0x80) {
                ascii++;
            } else {
                other++;
            }
            i += Character.charCount(cp);
        }
        return (ascii + 2) / 3 + 2 * other;
    }
}
