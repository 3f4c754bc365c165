package io.trinity.gateway.sim;

/**
 * The simulator's item-response model: a model with ability {@code theta} answers a question of latent difficulty
 * {@code d} right with probability {@code logistic(theta - d)}. Pool files give target accuracies instead of
 * abilities, so {@link #ability} inverts the marginal accuracy over normally distributed difficulties.
 */
final class ItemResponse {

    /** Quadrature nodes for the standard normal: a fine grid on [-8, 8] is exact to far below sampling error. */
    private static final int NODES = 641;
    private static final double[] Z = new double[NODES];
    private static final double[] WEIGHT = new double[NODES];

    static {
        double sum = 0;
        for (int i = 0; i < NODES; i++) {
            Z[i] = -8 + 16.0 * i / (NODES - 1);
            WEIGHT[i] = Math.exp(-Z[i] * Z[i] / 2);
            sum += WEIGHT[i];
        }
        for (int i = 0; i < NODES; i++) {
            WEIGHT[i] /= sum;
        }
    }

    private ItemResponse() {
    }

    static double logistic(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** The mean of {@code logistic(theta - spread * z)} over a standard normal z. */
    static double marginal(double theta, double spread) {
        double p = 0;
        for (int i = 0; i < NODES; i++) {
            p += WEIGHT[i] * logistic(theta - spread * Z[i]);
        }
        return p;
    }

    /**
     * The ability whose marginal accuracy over difficulties of standard deviation {@code spread} is {@code target};
     * infinite for targets 0 and 1, so such a model is always wrong or always right.
     */
    static double ability(double target, double spread) {
        if (target <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (target >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        double lo = -60;
        double hi = 60;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (marginal(mid, spread) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
