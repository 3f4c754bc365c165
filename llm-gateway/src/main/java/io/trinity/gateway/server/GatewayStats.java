package io.trinity.gateway.server;

import java.util.Map;

/**
 * A snapshot of the gateway's counters: per model (in pool order), the calls now waiting on a provider, and the
 * most that ever waited at once.
 */
public record GatewayStats(Map<String, ModelStats> models, int inFlight, int maxInFlight) {

    public ModelStats model(String name) {
        ModelStats stats = models.get(name);
        if (stats == null) {
            throw new IllegalArgumentException("no model '" + name + "' in the pool; models: " + models.keySet());
        }
        return stats;
    }
}
