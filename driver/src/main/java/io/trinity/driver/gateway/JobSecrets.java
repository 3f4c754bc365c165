package io.trinity.driver.gateway;

import io.trinity.driver.config.GatewaySection;
import io.trinity.driver.spark.GatewayEndpoint;
import io.trinity.gateway.pool.ModelSpec;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.pool.RemoteModelSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The secrets a job holds (its pool's API keys, the gateway's bearer token, the cache's password), so that text it
 * writes for people to read (episode logs: questions, replies, error messages) can be scrubbed of them. Besides
 * those values, anything shaped like a bearer header or an OpenAI-style key is scrubbed too: an upstream may echo
 * a key this job never held.
 */
public final class JobSecrets {
  public static final String REDACTED = "[redacted]";
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}");
  private static final Pattern KEY_SHAPED = Pattern.compile("\\b(?:sk|rk|pk)-[A-Za-z0-9_-]{16,}");

  private final List<String> values;

  private JobSecrets(Set<String> values) {
    List<String> sorted = new ArrayList<>(values);
    // Longest first, so that a secret containing another is replaced whole.
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.values = List.copyOf(sorted);
  }

  /** The secrets that {@code pool}, {@code section} and {@code endpoint} name, read from {@code environment}. */
  public static JobSecrets of(PoolConfig pool, GatewaySection section, GatewayEndpoint endpoint,
      Map<String, String> environment) {
    Set<String> variables = new LinkedHashSet<>();
    for (ModelSpec model : pool.models()) {
      if (model instanceof RemoteModelSpec remote && remote.apiKeyEnv() != null) {
        variables.add(remote.apiKeyEnv());
      }
    }
    variables.add(pool.settings().authTokenEnv());
    variables.add(pool.settings().cache().passwordEnv());
    variables.add(section.apiKeyEnv());
    Set<String> values = new LinkedHashSet<>();
    for (String variable : variables) {
      String value = variable == null ? null : environment.get(variable);
      if (value != null && !value.isBlank()) {
        values.add(value);
      }
    }
    if (endpoint != null && endpoint.token() != null && !endpoint.token().isBlank()) {
      values.add(endpoint.token());
    }
    return new JobSecrets(values);
  }

  /** {@code text} with every secret, bearer token and key-shaped string replaced by {@value #REDACTED}. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String scrubbed = text;
    for (String value : values) {
      scrubbed = scrubbed.replace(value, REDACTED);
    }
    scrubbed = BEARER.matcher(scrubbed).replaceAll("$1" + REDACTED);
    return KEY_SHAPED.matcher(scrubbed).replaceAll(REDACTED);
  }
}
