package io.trinity.gateway.pool;

/** One model of the pool, as clients name it, with the provider that serves it, its price and its limits. */
public sealed interface ModelSpec permits SimModelSpec, RemoteModelSpec {

    String name();

    /** The provider's name in pool files: {@code sim}, {@code openai} or {@code anthropic}. */
    String provider();

    Price price();

    Limits limits();

    /**
     * What answers the calls, without secrets: two entries with the same identity give interchangeable replies,
     * so the response cache keys on it instead of on the pool name (renaming a model keeps its cache).
     */
    String upstreamIdentity();
}
