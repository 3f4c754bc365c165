package io.trinity.gateway.check;

/**
 * What the pool check found for one model. {@code url} is the entry's {@code base_url} ("simulated" for a sim
 * model), {@code keyEnv} the environment variable its key comes from (null: none). Each of {@code reachable},
 * {@code authOk}, {@code modelAccepted} and {@code parametersAccepted} is null when the check could not tell (a
 * model that could not be reached says nothing about its key). {@code latencyMillis} is -1 when no call was made.
 * {@code problem} is one line naming the model, the URL or the variable, and what to do; null when all is well.
 */
public record ModelCheck(String model, String provider, String url, String keyEnv, Boolean reachable,
        Boolean authOk, Boolean modelAccepted, Boolean parametersAccepted, long latencyMillis, int promptTokens,
        int completionTokens, double cost, String problem) {

    public boolean ok() {
        return problem == null;
    }

    public int tokens() {
        return promptTokens + completionTokens;
    }
}
