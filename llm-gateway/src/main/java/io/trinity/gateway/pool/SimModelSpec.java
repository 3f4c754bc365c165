package io.trinity.gateway.pool;

import java.util.Map;
import java.util.TreeMap;

/**
 * A simulated model. {@code skills} maps a task category to per-role skills and always has a
 * {@value #DEFAULT_CATEGORY} entry for the categories it does not list.
 */
public record SimModelSpec(String name, Price price, Limits limits, Latency latency, double thinkerBoost,
        Map<String, RoleSkills> skills, SimFaults faults) implements ModelSpec {

    public static final String DEFAULT_CATEGORY = "default";
    public static final double DEFAULT_THINKER_BOOST = 0.5;

    public SimModelSpec {
        skills = Map.copyOf(skills);
        if (!skills.containsKey(DEFAULT_CATEGORY)) {
            throw new IllegalArgumentException("sim model " + name + " needs skills for '" + DEFAULT_CATEGORY + "'");
        }
    }

    /** A fault-free model without limits. */
    public SimModelSpec(String name, Price price, Latency latency, double thinkerBoost,
            Map<String, RoleSkills> skills) {
        this(name, price, Limits.NONE, latency, thinkerBoost, skills, SimFaults.NONE);
    }

    @Override
    public String provider() {
        return "sim";
    }

    /**
     * A sim's replies depend on its name, skills and boost (and the pool seed, which the cache key adds); latency,
     * limits and faults change when and whether it answers, not what.
     */
    @Override
    public String upstreamIdentity() {
        return "sim " + name + " " + thinkerBoost + " " + new TreeMap<>(skills);
    }

    public RoleSkills skillsFor(String category) {
        return skills.getOrDefault(category, skills.get(DEFAULT_CATEGORY));
    }
}
