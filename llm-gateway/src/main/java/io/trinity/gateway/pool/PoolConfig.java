package io.trinity.gateway.pool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The pool of models the gateway serves. {@code source} names where it came from, for error messages;
 * {@code answerKey} (nullable) is the answer key the sim provider reads; {@code seed} seeds the simulation;
 * {@code settings} holds retries, circuit breakers, the cache, the budget and authentication.
 */
public record PoolConfig(String source, long seed, Path answerKey, List<ModelSpec> models,
        GatewaySettings settings) {

    /** Room for what {@link #longestCall()} cannot bound: the gateway's queues and the trip to it. */
    public static final Duration CALL_SLACK = Duration.ofSeconds(30);

    public PoolConfig {
        models = List.copyOf(models);
        Objects.requireNonNull(settings, "settings");
        Set<String> names = new HashSet<>();
        for (ModelSpec m : models) {
            if (!names.add(m.name())) {
                throw new PoolConfigException(source + ": duplicate model name '" + m.name() + "'");
            }
        }
    }

    /** Reads a pool file; a relative {@code answer_key} resolves against the file's folder. */
    public static PoolConfig load(Path yaml) {
        String text;
        try {
            text = Files.readString(yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PoolConfigException(yaml + ": cannot read pool file: " + e.getMessage(), e);
        }
        return PoolConfigParser.parse(text, yaml.toString(), yaml.toAbsolutePath().getParent());
    }

    /** Parses pool YAML; a relative {@code answer_key} stays relative (to the working directory). */
    public static PoolConfig parse(String yaml, String sourceName) {
        return PoolConfigParser.parse(yaml, sourceName, null);
    }

    /** Model names in file order. */
    public List<String> modelNames() {
        return models.stream().map(ModelSpec::name).toList();
    }

    public ModelSpec model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no model '" + name + "' in pool " + source + "; models: "
                        + modelNames()));
    }

    /**
     * How long a client of this pool's gateway waits for one call before it gives up itself: the slowest model's
     * attempts, each at its {@code timeout_ms}, plus the retry waits at their longest ({@link
     * RetryPolicy#longestWaits}), plus {@link #CALL_SLACK}. A client that gave up sooner would fail calls that the
     * gateway still retries and may yet pay for; one that waited longer would only wait on a gateway that is gone.
     */
    public Duration longestCall() {
        RetryPolicy retry = settings.retry();
        Duration slowest = models.stream().map(m -> m.limits().timeout()).max(Duration::compareTo)
                .orElse(Limits.DEFAULT_TIMEOUT);
        return slowest.multipliedBy(retry.maxAttempts()).plus(retry.longestWaits(settings.breaker().openFor()))
                .plus(CALL_SLACK);
    }

    /** The same pool with another answer key; a training run points it at the key it exported. */
    public PoolConfig withAnswerKey(Path answerKey) {
        return new PoolConfig(source, seed, answerKey, models, settings);
    }
}
