package io.trinity.gateway.sim;

import io.trinity.gateway.sim.SimAnswerKey.Entry;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer forms a simulated Worker writes (boxed value, {@code Answer: L}, fenced Python) and how a simulated
 * Verifier reads them back. Wrong answers are guaranteed to differ from the gold, so "wrong" is never right by luck.
 */
final class SimAnswers {

    static final String BROKEN_CODE_LINE = "raise RuntimeError(\"deliberately broken by the simulator\")";

    private static final List<String> LETTERS = List.of("A", "B", "C", "D");
    private static final Pattern CHOICE = Pattern.compile("(?m)^\\s*Answer:\\s*\\(?([A-Za-z])\\)?\\.?\\s*$");
    private static final Pattern CODE_BLOCK = Pattern.compile("(?s)```[A-Za-z0-9]*\\n(.*?)```");
    private static final String BOXED = "\\boxed{";

    private SimAnswers() {
    }

    /** The final-answer part of a Worker reply; draws from {@code random} only for wrong answers. */
    static String render(Entry entry, boolean right, SimRandom random) {
        String gold = entry.gold().strip();
        return switch (entry.format()) {
            case NUMBER, MATH -> "The answer is \\boxed{" + (right ? gold : wrongValue(gold, random)) + "}.";
            case CHOICE -> "Answer: " + (right ? gold : wrongLetter(gold, random));
            // Leading indentation is kept: a reference solution may be a function body meant to follow its prompt.
            case CODE -> "```python\n" + (right ? entry.gold().stripTrailing() : wrongCode(entry, random))
                    + "\n```";
        };
    }

    /** Whether the reply's final answer, read in the entry's format, matches the gold. */
    static boolean isRight(String reply, Entry entry) {
        String answer = extract(reply, entry.format());
        if (answer == null) {
            return false;
        }
        String gold = entry.gold().strip();
        return switch (entry.format()) {
            case NUMBER, MATH -> {
                BigDecimal a = number(answer);
                BigDecimal g = number(gold);
                yield a != null && g != null ? a.compareTo(g) == 0 : answer.equals(gold);
            }
            case CHOICE -> answer.equalsIgnoreCase(gold);
            case CODE -> answer.equals(gold);
        };
    }

    /** The last final answer of the given format in a reply, stripped; null when there is none. */
    static String extract(String reply, SimAnswerKey.Format format) {
        return switch (format) {
            case NUMBER, MATH -> lastBoxed(reply);
            case CHOICE -> lastGroup(CHOICE.matcher(reply));
            case CODE -> lastGroup(CODE_BLOCK.matcher(reply));
        };
    }

    private static String wrongValue(String gold, SimRandom random) {
        BigDecimal g = number(gold);
        if (g == null) {
            return gold + "+1";
        }
        int offset = 1 + random.nextInt(9);
        return g.add(BigDecimal.valueOf(random.nextDouble() < 0.5 ? -offset : offset)).toPlainString();
    }

    /**
     * One of the key's broken variants of the reference, drawn; a key without any (written before variants, or
     * none failed the tests) gets the reference with a line that raises, which fails whatever the tests.
     */
    private static String wrongCode(Entry entry, SimRandom random) {
        if (entry.wrong().isEmpty()) {
            return entry.gold().stripTrailing() + "\n" + BROKEN_CODE_LINE;
        }
        return entry.wrong().get(random.nextInt(entry.wrong().size())).stripTrailing();
    }

    private static String wrongLetter(String gold, SimRandom random) {
        List<String> others = LETTERS.stream().filter(l -> !l.equalsIgnoreCase(gold)).toList();
        return others.get(random.nextInt(others.size()));
    }

    private static BigDecimal number(String text) {
        try {
            return new BigDecimal(text.strip().replace(",", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String lastBoxed(String reply) {
        int start = reply.lastIndexOf(BOXED);
        if (start < 0) {
            return null;
        }
        int depth = 1;
        for (int i = start + BOXED.length(); i < reply.length(); i++) {
            char c = reply.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return reply.substring(start + BOXED.length(), i).strip();
            }
        }
        return null;
    }

    private static String lastGroup(Matcher m) {
        String last = null;
        while (m.find()) {
            last = m.group(1).strip();
        }
        return last;
    }
}
