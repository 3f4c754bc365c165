package io.trinity.fitness.code;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Python program in a free-form reply: the last non-empty fenced block tagged as Python, else the
 * last untagged block, else, when the reply has no fences at all, the whole reply as bare code. Blocks tagged
 * with another language (an example in {@code text}, a shell command) are never taken. Indentation is kept, so
 * a bare function body stays a body.
 */
public final class CodeExtractor {

    // Any indentation: models nest fences in list items, deeper than Markdown's 3 spaces.
    private static final Pattern OPENING = Pattern.compile("^([ \\t]*)(`{3,}|~{3,})\\s*([^`\\s]*)[^`]*$");
    private static final Set<String> PYTHON = Set.of("python", "python3", "py", "py3", "python3.11");

    private CodeExtractor() {
    }

    public static Optional<String> extract(String reply) {
        return extract(reply, "");
    }

    /**
     * Like {@link #extract(String)}, but among several candidate blocks prefers the last one that defines
     * {@code name} (a function or class), so a usage example after the solution is not taken for it.
     *
     * @param name the function the answer must define, or empty when unknown
     */
    public static Optional<String> extract(String reply, String name) {
        List<Block> blocks = blocks(reply);
        if (blocks.isEmpty()) {
            return nonBlank(reply);
        }
        List<Block> python = candidates(blocks, true);
        List<Block> candidates = python.isEmpty() ? candidates(blocks, false) : python;
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        if (!name.isEmpty()) {
            Pattern definition = Pattern.compile("(?m)^[ \\t]*(?:async[ \\t]+)?(?:def|class)[ \\t]+"
                    + Pattern.quote(name) + "\\b");
            for (int i = candidates.size() - 1; i >= 0; i--) {
                if (definition.matcher(candidates.get(i).code()).find()) {
                    return nonBlank(candidates.get(i).code());
                }
            }
        }
        return nonBlank(candidates.get(candidates.size() - 1).code());
    }

    /** The non-blank blocks tagged as Python, or the non-blank untagged ones. */
    private static List<Block> candidates(List<Block> blocks, boolean python) {
        return blocks.stream()
                .filter(block -> python ? PYTHON.contains(block.language()) : block.language().isEmpty())
                .filter(block -> !block.code().isBlank())
                .toList();
    }

    /**
     * Fenced blocks in order; a block left open at the end of a (truncated) reply runs to the end. The fence's
     * own indentation is removed from its lines, so code in an indented list item starts at column 0.
     */
    private static List<Block> blocks(String reply) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = reply.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher opening = OPENING.matcher(lines[i]);
            if (!opening.matches()) {
                continue;
            }
            String indent = opening.group(1);
            String fence = opening.group(2);
            Pattern closing = Pattern.compile("^[ \\t]*" + Pattern.quote(fence.substring(0, 1)) + "{"
                    + fence.length() + ",}\\s*$");
            StringBuilder code = new StringBuilder();
            int j = i + 1;
            for (; j < lines.length && !closing.matcher(lines[j]).matches(); j++) {
                String line = lines[j];
                code.append(line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading())
                        .append('\n');
            }
            blocks.add(new Block(opening.group(3).toLowerCase(Locale.ROOT), code.toString()));
            i = j;
        }
        return blocks;
    }

    /** The code without leading blank lines and trailing whitespace, or empty when nothing is left. */
    private static Optional<String> nonBlank(String code) {
        String trimmed = code.stripTrailing().replaceFirst("^(?:[ \\t]*\\r?\\n)+", "");
        return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed + "\n");
    }

    private record Block(String language, String code) {
    }
}
