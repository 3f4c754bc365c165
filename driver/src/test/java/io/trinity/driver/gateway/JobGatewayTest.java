package io.trinity.driver.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.trinity.driver.config.GatewaySection;
import io.trinity.gateway.pool.Budget;
import io.trinity.gateway.pool.PoolConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Executors wait for a gateway call as long as the pool's retries and timeouts can make it last, not a constant. */
class JobGatewayTest {

  private static final PoolConfig POOL = PoolConfig.parse("""
      retry: {max_attempts: 4, initial_backoff_ms: 1000, multiplier: 3, max_backoff_ms: 5000, jitter: 0.5}
      circuit_breaker: {open_ms: 2000}
      models:
        - name: quick
          provider: openai
          base_url: http://127.0.0.1:9/v1
          timeout_ms: 20000
          price: {input_per_mtok: 0, output_per_mtok: 0}
        - name: slow
          provider: openai
          base_url: http://127.0.0.1:9/v1
          timeout_ms: 200000
          price: {input_per_mtok: 0, output_per_mtok: 0}
      """, "timeouts-pool");

  /**
   * The slowest model's 4 attempts of 200 s, then waits of 1 s, 3 s and 9 s capped at 5 s, each stretched by
   * the jitter to 1.5 s, 4.5 s and 7.5 s and at least the breaker's 2 s, then the slack.
   */
  private static final Duration EXPECTED = Duration.ofMillis(4 * 200_000 + 2_000 + 4_500 + 7_500)
      .plus(PoolConfig.CALL_SLACK);

  @Test
  void anInProcessGatewaysExecutorsWaitThePoolsLongestCall() {
    assertEquals(EXPECTED, POOL.longestCall());
    try (JobGateway gateway = JobGateway.start(GatewaySection.defaults(), POOL, null, Budget.UNLIMITED)) {
      assertEquals(EXPECTED, gateway.endpoint().callTimeout());
    }
  }

  @Test
  void soDoAnExternalGatewaysExecutors() {
    GatewaySection external = new GatewaySection("http://127.0.0.1:9/v1", null, null, null);
    try (JobGateway gateway = JobGateway.start(external, POOL, null, Budget.UNLIMITED)) {
      assertNull(gateway.inProcess());
      assertEquals(EXPECTED, gateway.endpoint().callTimeout());
    }
  }
}
