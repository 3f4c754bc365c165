package io.trinity.gateway.upstream;

import io.trinity.gateway.http.EventLoops;
import io.trinity.gateway.pool.ModelSpec;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.pool.PoolConfigException;
import io.trinity.gateway.pool.Provider;
import io.trinity.gateway.pool.RemoteModelSpec;
import io.trinity.gateway.pool.SimModelSpec;
import io.trinity.gateway.sim.SimAnswerKey;
import io.trinity.gateway.sim.SimProvider;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates one provider per pool model, resolving what the pool file only names (answer key, API keys). */
public final class Providers {

    private static final Logger LOG = LoggerFactory.getLogger(Providers.class);

    private Providers() {
    }

    public static Map<String, Provider> create(PoolConfig pool, Path answerKey, Map<String, String> environment,
            ScheduledExecutorService timer, EventLoops loops) {
        List<ModelSpec> models = pool.models();
        SimAnswerKey key = models.stream().anyMatch(m -> m instanceof SimModelSpec) ? answerKey(answerKey) : null;
        Map<String, Provider> providers = new LinkedHashMap<>();
        for (int i = 0; i < models.size(); i++) {
            ModelSpec spec = models.get(i);
            if (spec instanceof SimModelSpec sim) {
                providers.put(spec.name(), new SimProvider(sim, pool.seed(), key, timer));
            } else if (spec instanceof RemoteModelSpec remote) {
                String where = pool.source() + ": models[" + i + "] (" + spec.name() + ")";
                String apiKey = apiKey(remote, environment, where);
                providers.put(spec.name(), switch (remote.protocol()) {
                    case OPENAI -> new OpenAiProvider(remote, apiKey, loops);
                    case ANTHROPIC -> new AnthropicProvider(remote, apiKey, loops);
                });
            }
        }
        return providers;
    }

    private static SimAnswerKey answerKey(Path file) {
        if (file == null) {
            LOG.warn("sim models but no answer key: every simulated Worker answer will be a non-answer");
            return SimAnswerKey.empty();
        }
        return SimAnswerKey.load(file);
    }

    /** Read once at startup, so a missing key fails the start rather than the first call. */
    private static String apiKey(RemoteModelSpec spec, Map<String, String> environment, String where) {
        if (spec.apiKeyEnv() == null) {
            return null;
        }
        String value = environment.get(spec.apiKeyEnv());
        if (value == null || value.isBlank()) {
            throw new PoolConfigException(where + ": api_key_env names the environment variable "
                    + spec.apiKeyEnv() + ", which is not set: export it with the API key for " + spec.baseUrl()
                    + " before the run");
        }
        return value;
    }
}
