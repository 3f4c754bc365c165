package io.trinity.gateway.pool;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A simulated model. {@code skills} maps a task category to per-role skills and always has a
 * {@value #DEFAULT_CATEGORY} entry for the categories it does not list. {@code difficulty} is the pool's (every
 * sim model of a pool gets the same), kept here because a sim's replies depend on it.
 */
public record SimModelSpec(String name, Price price, Limits limits, Latency latency, double thinkerBoost,
        Map<String, RoleSkills> skills, SimFaults faults, Difficulty difficulty, ReplyTokens replyTokens)
        implements ModelSpec {

    public static final String DEFAULT_CATEGORY = "default";
    public static final double DEFAULT_THINKER_BOOST = 0.5;

    public SimModelSpec {
        skills = Map.copyOf(skills);
        if (!skills.containsKey(DEFAULT_CATEGORY)) {
            throw new IllegalArgumentException("sim model " + name + " needs skills for '" + DEFAULT_CATEGORY + "'");
        }
        Objects.requireNonNull(difficulty, "difficulty");
        Objects.requireNonNull(replyTokens, "replyTokens");
    }

    /** A fault-free model without limits, at the default difficulty, reporting its texts' own lengths. */
    public SimModelSpec(String name, Price price, Latency latency, double thinkerBoost,
            Map<String, RoleSkills> skills) {
        this(name, price, Limits.NONE, latency, thinkerBoost, skills, SimFaults.NONE, Difficulty.DEFAULT,
                ReplyTokens.FROM_TEXT);
    }

    @Override
    public String provider() {
        return "sim";
    }

    /**
     * A sim's replies depend on its name, skills, boost, the difficulty and reply lengths (and the pool seed, which
     * the cache key adds); latency, limits and faults change when and whether it answers, not what.
     */
    @Override
    public String upstreamIdentity() {
        return "sim " + name + " " + thinkerBoost + " " + new TreeMap<>(skills) + " " + difficulty + " "
                + replyTokens;
    }

    public RoleSkills skillsFor(String category) {
        return skills.getOrDefault(category, skills.get(DEFAULT_CATEGORY));
    }
}
