package io.trinity.gateway.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The pool check's findings, one per model in the pool's order, as a table and as one line per problem. */
public record PoolCheckReport(String pool, List<ModelCheck> models) {

    public PoolCheckReport {
        models = List.copyOf(models);
    }

    public boolean ok() {
        return models.stream().allMatch(ModelCheck::ok);
    }

    /** One line per problem, in the pool's order. */
    public List<String> problems() {
        return models.stream().filter(m -> !m.ok()).map(ModelCheck::problem).toList();
    }

    public double cost() {
        return models.stream().mapToDouble(ModelCheck::cost).sum();
    }

    public long tokens() {
        return models.stream().mapToLong(ModelCheck::tokens).sum();
    }

    /** The table, a summary line with what the check paid, then the problems, each on its own line. */
    public String text() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"model", "provider", "url", "reachable", "auth ok", "model name", "parameters",
            "latency", "tokens", "cost"});
        for (ModelCheck m : models) {
            rows.add(new String[] {m.model(), m.provider(), m.url(), yesNo(m.reachable()), yesNo(m.authOk()),
                yesNo(m.modelAccepted()), yesNo(m.parametersAccepted()),
                m.latencyMillis() < 0 ? "-" : m.latencyMillis() + " ms",
                m.latencyMillis() < 0 ? "-" : String.valueOf(m.tokens()),
                m.latencyMillis() < 0 ? "-" : String.format(Locale.ROOT, "$%.6f", m.cost())});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(c == 0 ? "" : "  ").append(String.format("%-" + widths[c] + "s", row[c]));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        List<String> problems = problems();
        text.append(String.format(Locale.ROOT, "pool check of %s: %d models, %s; the check paid %d tokens, $%.6f%n",
                pool, models.size(), problems.isEmpty() ? "all answered" : problems.size() + " with problems",
                tokens(), cost()));
        problems.forEach(p -> text.append(p).append('\n'));
        return text.toString();
    }

    private static String yesNo(Boolean value) {
        return value == null ? "-" : value ? "yes" : "NO";
    }
}
