package io.trinity.gateway.pool;

import java.util.Map;

/**
 * A simulated model. {@code skills} maps a task category to per-role skills and always has a
 * {@value #DEFAULT_CATEGORY} entry for the categories it does not list.
 */
public record SimModelSpec(String name, Price price, Latency latency, double thinkerBoost,
        Map<String, RoleSkills> skills) implements ModelSpec {

    public static final String DEFAULT_CATEGORY = "default";
    public static final double DEFAULT_THINKER_BOOST = 0.5;

    public SimModelSpec {
        skills = Map.copyOf(skills);
        if (!skills.containsKey(DEFAULT_CATEGORY)) {
            throw new IllegalArgumentException("sim model " + name + " needs skills for '" + DEFAULT_CATEGORY + "'");
        }
    }

    @Override
    public String provider() {
        return "sim";
    }

    public RoleSkills skillsFor(String category) {
        return skills.getOrDefault(category, skills.get(DEFAULT_CATEGORY));
    }
}
