package io.trinity.driver.spark;

import java.io.Serializable;

/** How executors reach the gateway: its OpenAI base URL and the name (never the value) of the variable with its token. */
public record GatewayEndpoint(String url, String apiKeyEnv) implements Serializable {}
