package io.trinity.gateway.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cut policy: transcript turns oldest first, then earlier conversation, never the system prompt or the query. */
class ContextFitTest {

    private static final String LONG = "x".repeat(3000);
    private static final ChatMessage SYSTEM = ChatMessage.system("You are the Worker in a team.");
    private static final ChatMessage QUERY = ChatMessage.user("What is 6 times 7?");
    private static final String TRANSCRIPT = "Earlier turns:\n### Turn 1 | Thinker | a\n" + LONG
            + "\n### Turn 2 | Worker | b\n" + LONG + "\n### Turn 3 | Verifier | c\nREJECT: check the sum";

    private static ChatRequest request(List<ChatMessage> messages, Integer maxTokens) {
        return new ChatRequest("m", messages, null, maxTokens, 1L);
    }

    @Test
    void aRequestThatFitsOrHasNoKnownWindowIsSentWhole() {
        ChatRequest request = request(List.of(SYSTEM, QUERY, ChatMessage.user(TRANSCRIPT)), 100);
        assertSame(request, ContextFit.fit(request, null).request());
        ContextFit.Fitted roomy = ContextFit.fit(request, 10_000);
        assertSame(request, roomy.request());
        assertFalse(roomy.cut());
        assertTrue(roomy.fits());
    }

    @Test
    void theOldestTurnsGoFirstAndTheKeptOnesKeepTheirNumbers() {
        ChatRequest request = request(List.of(SYSTEM, QUERY, ChatMessage.user(TRANSCRIPT)), 500);
        long whole = TokenEstimate.of(request.messages());
        // Room for everything but one long turn (and the reply's cap).
        ContextFit.Fitted fitted = ContextFit.fit(request, (int) (whole + 500 - 900));
        assertEquals(1, fitted.turnsCut());
        assertEquals(0, fitted.messagesCut());
        assertTrue(fitted.fits());
        List<ChatMessage> sent = fitted.request().messages();
        assertEquals(List.of(SYSTEM, QUERY), sent.subList(0, 2));
        assertEquals("Earlier turns:\n(turn 1 is left out: the context window is full)\n### Turn 2 | Worker | b\n"
                + LONG + "\n### Turn 3 | Verifier | c\nREJECT: check the sum", sent.get(2).content());

        ContextFit.Fitted tight = ContextFit.fit(request, 560);
        assertEquals(3, tight.turnsCut(), "with no room for any turn the transcript goes whole");
        assertEquals(List.of(SYSTEM, QUERY), tight.request().messages());
        assertTrue(tight.fits());
    }

    @Test
    void earlierConversationGoesNextButTheSystemPromptAndTheQueryStay() {
        ChatMessage old = ChatMessage.user("an old question " + LONG);
        ChatMessage answer = new ChatMessage("assistant", "an old answer " + LONG);
        ChatRequest request = request(List.of(SYSTEM, old, answer, QUERY, ChatMessage.user(TRANSCRIPT)), null);
        ContextFit.Fitted fitted = ContextFit.fit(request, (int) TokenEstimate.of(List.of(SYSTEM, answer, QUERY)));
        assertEquals(3, fitted.turnsCut());
        assertEquals(1, fitted.messagesCut(), "the oldest message goes first, and only as many as needed");
        assertEquals(List.of(SYSTEM, answer, QUERY), fitted.request().messages());

        ChatMessage hugeQuery = ChatMessage.user(LONG + LONG);
        ContextFit.Fitted over = ContextFit.fit(request(List.of(SYSTEM, old, hugeQuery), 10), 500);
        assertEquals(List.of(SYSTEM, hugeQuery), over.request().messages());
        assertFalse(over.fits(), "a query too long alone is sent for the upstream to judge, and said so");
    }

    @Test
    void theEstimateIsAnUpperOne() {
        assertEquals(TokenEstimate.PER_REQUEST + TokenEstimate.PER_MESSAGE + 2 + 4,
                TokenEstimate.of(List.of(ChatMessage.user("abcdefghij"))), "a third of a token per ASCII char");
        assertEquals(6, TokenEstimate.of("日本語"), "two per other code point");
        assertEquals(2, TokenEstimate.of("😀"), "a code point, not two UTF-16 units");
    }
}
