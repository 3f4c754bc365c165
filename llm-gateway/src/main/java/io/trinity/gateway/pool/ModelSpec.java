package io.trinity.gateway.pool;

/** One model of the pool, as clients name it, with the provider that serves it and its price. */
public sealed interface ModelSpec permits SimModelSpec, OpenAiModelSpec {

    String name();

    /** The provider's name in pool files: {@code sim} or {@code openai}. */
    String provider();

    Price price();
}
