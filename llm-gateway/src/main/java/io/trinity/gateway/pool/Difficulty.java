package io.trinity.gateway.pool;

/**
 * How the simulated pool's questions differ in difficulty, in logits. Each question gets a latent difficulty of
 * standard deviation {@code spread} shared by all models, so hard questions are hard for every model (the larger
 * the spread, the more correlated the models' right answers), and each (model, question) pair an extra latent of
 * standard deviation {@code modelSpread}, so a model's own tries at a question are more alike than another
 * model's.
 */
public record Difficulty(double spread, double modelSpread) {

    /**
     * Puts the per-question oracle of a pool of four models at 0.2-0.6 accuracy about 9 points above the best of
     * them, inside the few-to-15 points of real pools (PAPER.md); {@code SimCorrelationTest} measures it.
     */
    public static final Difficulty DEFAULT = new Difficulty(3.0, 0.5);

    /** Every question equally hard and every try independent: each model's answers are independent draws. */
    public static final Difficulty INDEPENDENT = new Difficulty(0, 0);

    public Difficulty {
        if (!(spread >= 0) || !(modelSpread >= 0)) {
            throw new IllegalArgumentException("difficulty spreads must be at least 0, got " + spread + " and "
                    + modelSpread);
        }
    }
}
