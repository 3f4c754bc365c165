package io.trinity.gateway.context;

import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a request that would not fit a model's context window, before it is sent. The window must hold the prompt
 * ({@link TokenEstimate}, an upper estimate) and the reply's cap. The policy, oldest first and the query kept:
 * <ol>
 *   <li>the transcript's earlier turns, oldest first: the last message when it is a coordinator transcript (a user
 *       message that starts {@value #EARLIER_TURNS}, one {@code ### Turn i | Role | model} block per turn, the
 *       layout the workers' {@code Transcript} writes); the turns kept keep their numbers, and a line says which
 *       were left out; with none left, the message goes;</li>
 *   <li>then the conversation before the query, oldest first: every message but the system messages, the query
 *       (the last user message other than the transcript) and the transcript;</li>
 *   <li>system messages and the query are never cut. A request still too long after that is sent as it is: the
 *       estimate is an upper one, so the upstream, which counts exactly, decides.</li>
 * </ol>
 */
public final class ContextFit {

    static final String EARLIER_TURNS = "Earlier turns:";
    private static final Pattern TURN_HEADER = Pattern.compile("^### Turn (\\d{1,9}) \\| ", Pattern.MULTILINE);

    /**
     * The request as sent, the transcript turns and the messages cut from it, and whether it fits (by the
     * estimate) after the cuts.
     */
    public record Fitted(ChatRequest request, int turnsCut, int messagesCut, boolean fits) {

        public boolean cut() {
            return turnsCut > 0 || messagesCut > 0;
        }
    }

    private ContextFit() {
    }

    /** {@code contextTokens} null: the window is unknown and nothing is cut. */
    public static Fitted fit(ChatRequest request, Integer contextTokens) {
        if (contextTokens == null) {
            return new Fitted(request, 0, 0, true);
        }
        long budget = (long) contextTokens - (request.maxTokens() == null ? 0 : request.maxTokens());
        List<ChatMessage> messages = new ArrayList<>(request.messages());
        if (TokenEstimate.of(messages) <= budget) {
            return new Fitted(request, 0, 0, true);
        }
        int turnsCut = 0;
        int last = messages.size() - 1;
        if (isTranscript(messages.get(last))) {
            List<String> blocks = blocks(messages.get(last).content());
            int firstNumber = blocks.isEmpty() ? 0 : number(blocks.get(0));
            while (!blocks.isEmpty() && TokenEstimate.of(messages) > budget) {
                blocks.remove(0);
                turnsCut++;
                if (blocks.isEmpty()) {
                    messages.remove(last);
                } else {
                    messages.set(last, new ChatMessage("user", EARLIER_TURNS + "\n(" + leftOut(firstNumber,
                            number(blocks.get(0)) - 1) + " left out: the context window is full)\n"
                            + String.join("", blocks)));
                }
            }
        }
        int query = query(messages);
        int messagesCut = 0;
        for (int i = 0; i < messages.size() && TokenEstimate.of(messages) > budget; ) {
            ChatMessage m = messages.get(i);
            if (i == query || m.role().equals("system") || isTranscript(m)) {
                i++;
            } else {
                messages.remove(i);
                query -= i < query ? 1 : 0;
                messagesCut++;
            }
        }
        return new Fitted(request.withMessages(messages), turnsCut, messagesCut,
                TokenEstimate.of(messages) <= budget);
    }

    private static String leftOut(int first, int last) {
        return first == last ? "turn " + first + " is" : "turns " + first + " to " + last + " are";
    }

    private static boolean isTranscript(ChatMessage m) {
        return m.role().equals("user") && m.content().startsWith(EARLIER_TURNS);
    }

    /** The last user message that is not a transcript: the question the call is about. */
    private static int query(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user") && !isTranscript(messages.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** One text per turn, from its header up to the next one, each with its line break, so joined they are whole. */
    private static List<String> blocks(String transcript) {
        Matcher m = TURN_HEADER.matcher(transcript);
        List<Integer> starts = new ArrayList<>();
        while (m.find()) {
            starts.add(m.start());
        }
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            blocks.add(transcript.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1)
                    : transcript.length()));
        }
        return blocks;
    }

    private static int number(String block) {
        Matcher m = TURN_HEADER.matcher(block);
        return m.lookingAt() ? Integer.parseInt(m.group(1)) : 0;
    }
}
