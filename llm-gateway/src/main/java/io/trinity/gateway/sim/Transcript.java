package io.trinity.gateway.sim;

import io.trinity.gateway.api.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the simulator reads from a turn's messages (layout fixed by the cross-module contract): the role from the
 * system prompt's first line, the candidate query texts, and the earlier turns.
 */
record Transcript(Role role, List<String> userTexts, List<Turn> turns) {

    record Turn(int index, Role role, String model, String text) {
    }

    static final String EARLIER_TURNS = "Earlier turns:";
    private static final Pattern ROLE_LINE = Pattern.compile("^You are the (Thinker|Worker|Verifier) in a team\\b");
    private static final Pattern TURN_HEADER =
            Pattern.compile("^### Turn (\\d{1,9}) \\| (Thinker|Worker|Verifier) \\| (.*)$", Pattern.MULTILINE);

    /** Without a role prompt the request is a plain question, which is what a Worker answers. */
    static Transcript parse(List<ChatMessage> messages) {
        Role role = Role.WORKER;
        List<String> userTexts = new ArrayList<>();
        List<Turn> turns = List.of();
        for (ChatMessage m : messages) {
            if (m.role().equals("system")) {
                Matcher rm = ROLE_LINE.matcher(m.content().lines().findFirst().orElse(""));
                if (rm.find()) {
                    role = Role.ofTitle(rm.group(1));
                }
            } else if (m.role().equals("user")) {
                if (m.content().startsWith(EARLIER_TURNS)) {
                    turns = parseTurns(m.content());
                } else {
                    userTexts.add(m.content());
                }
            }
        }
        return new Transcript(role, userTexts, turns);
    }

    Optional<Turn> latest(Role wanted) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).role() == wanted) {
                return Optional.of(turns.get(i));
            }
        }
        return Optional.empty();
    }

    private static List<Turn> parseTurns(String text) {
        List<Turn> turns = new ArrayList<>();
        Matcher m = TURN_HEADER.matcher(text);
        boolean found = m.find();
        while (found) {
            int index = Integer.parseInt(m.group(1));
            Role role = Role.ofTitle(m.group(2));
            String model = m.group(3).strip();
            int bodyStart = m.end();
            found = m.find();
            String body = text.substring(bodyStart, found ? m.start() : text.length()).strip();
            turns.add(new Turn(index, role, model, body));
        }
        return turns;
    }
}
