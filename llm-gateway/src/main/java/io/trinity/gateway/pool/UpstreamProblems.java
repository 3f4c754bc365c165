package io.trinity.gateway.pool;

/**
 * The one-line messages for a pool model that cannot be used: each names the model, where it is (URL, environment
 * variable) and what to do, so that the line a run stops with is enough to fix it without reading a stack trace.
 */
public final class UpstreamProblems {
    private UpstreamProblems() {
    }

    /** The upstream answered 401 or 403: the key is wrong, or lacks access to the model. */
    public static String rejectedKey(ModelSpec spec, String detail) {
        if (spec instanceof RemoteModelSpec remote) {
            return "model '" + spec.name() + "': " + remote.baseUrl() + " rejected the API key "
                    + (remote.apiKeyEnv() == null ? "(none is configured: set api_key_env in the pool entry)"
                    : "from the environment variable " + remote.apiKeyEnv() + " (set it to a valid key with access "
                    + "to '" + remote.upstreamModel() + "')") + "; upstream said: " + detail;
        }
        return "model '" + spec.name() + "': the API key was rejected; upstream said: " + detail;
    }

    /** The upstream answered 404: it has no model of the entry's upstream name (or the URL is not an API root). */
    public static String unknownModel(ModelSpec spec, String detail) {
        if (spec instanceof RemoteModelSpec remote) {
            return "model '" + spec.name() + "': " + remote.baseUrl() + " does not know the model '"
                    + remote.upstreamModel() + "' (check the entry's model name and that base_url is the API root, "
                    + "ending in /v1); upstream said: " + detail;
        }
        return "model '" + spec.name() + "': unknown model; upstream said: " + detail;
    }

    /** Calls kept failing after every retry: the upstream is down or unreachable from here. */
    public static String unavailable(ModelSpec spec, String detail) {
        String where = spec instanceof RemoteModelSpec remote ? " at " + remote.baseUrl() : "";
        return "model '" + spec.name() + "'" + where + " stayed unavailable after every retry (" + reason(spec, detail)
                + "); check that the endpoint is up and reachable from this machine, or leave the model out of the "
                + "config's pool.models";
    }

    /** The failure without the gateway's prefix and Java class names, which say nothing to whoever fixes it. */
    private static String reason(ModelSpec spec, String detail) {
        return detail.replace("model '" + spec.name() + "' failed: ", "")
                .replaceAll("(?:[a-z0-9_]+\\.)+[A-Za-z0-9_$]*(?:Exception|Error): ", "")
                .strip();
    }
}
