package io.trinity.gateway.pool;

/**
 * What a simulated model does in each role for one task category. {@code thinker} and {@code worker} are target
 * rates (of sound plans, of right answers) over the category's questions; the simulator turns them into abilities
 * against each question's latent difficulty, so these rates are the marginals, not per-question chances. A
 * Verifier catches a wrong Worker answer with probability {@code recall} and rejects a right one with probability
 * {@code falseReject}.
 */
public record RoleSkills(double thinker, double worker, double recall, double falseReject) {

    /**
     * The older form: a Verifier whose verdict is right with probability {@code verifier} whatever the answer, that
     * is recall {@code verifier} and false-reject rate {@code 1 - verifier}.
     */
    public RoleSkills(double thinker, double worker, double verifier) {
        this(thinker, worker, verifier, 1 - verifier);
    }
}
