package io.trinity.driver.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trinity.driver.config.GatewaySection;
import io.trinity.driver.spark.GatewayEndpoint;
import io.trinity.gateway.pool.PoolConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the episode log's text is scrubbed of: the values the job's variables hold, and key-shaped strings. */
class JobSecretsTest {
  private static final PoolConfig POOL = PoolConfig.parse("""
      auth_token_env: GATEWAY_TOKEN
      models:
        - name: gpt
          provider: openai
          base_url: https://api.example.com/v1
          api_key_env: OPENAI_KEY
          model: gpt-x
          price: {input_per_mtok: 1, output_per_mtok: 2}
      """, "secrets-pool.yaml");

  @Test
  void theValuesOfThePoolsVariablesAndTheRunTokenAreRedacted() {
    JobSecrets secrets = JobSecrets.of(POOL, GatewaySection.defaults(),
        new GatewayEndpoint("http://127.0.0.1:1/v1", "run-token-123", Duration.ofSeconds(1)),
        Map.of("OPENAI_KEY", "abc123key", "GATEWAY_TOKEN", "gw-tok", "UNRELATED", "harmless"));

    assertEquals("key [redacted], token [redacted], run [redacted], harmless",
        secrets.redact("key abc123key, token gw-tok, run run-token-123, harmless"));
  }

  @Test
  void bearerHeadersAndKeyShapedStringsAreRedactedWhateverTheirSource() {
    JobSecrets secrets = JobSecrets.of(POOL, GatewaySection.defaults(), null, Map.of());

    assertEquals("Authorization: Bearer [redacted] and [redacted] but not sk-short",
        secrets.redact("Authorization: Bearer eyJhbGciOiJIUzI1 and sk-proj-AbCdEfGhIjKlMnOpQrSt but not sk-short"));
    assertEquals(null, secrets.redact(null));
  }
}
