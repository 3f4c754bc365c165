package io.trinity.driver.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.config.ConfigException;
import io.trinity.driver.config.GatewaySection;
import io.trinity.fitness.sandbox.SandboxSettings;
import io.trinity.gateway.pool.Budget;
import io.trinity.gateway.pool.PoolConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.spark.SparkConf;
import org.apache.spark.util.Utils;
import org.junit.jupiter.api.Test;

/**
 * Which token a job's gateway demands and hands to its executors: none on loopback, the pool file's, a per-run one
 * beyond loopback, none beyond loopback when the pool file allows unauthenticated clients; the external gateway's
 * from the driver's environment. Requests go over loopback HTTP.
 */
class JobGatewayTest {
  /** Set by Surefire (driver/pom.xml). */
  private static final String TOKEN_ENV = "TRINITY_TEST_GATEWAY_TOKEN";
  private static final String MODELS = """
      models:
        - {name: sim-a, provider: sim, price: {input_per_mtok: 1, output_per_mtok: 1},
           skills: {default: {thinker: 0.5, worker: 0.5, verifier: 0.5}}}
      """;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static PoolConfig pool(String top) {
    return PoolConfig.parse(top + MODELS, "job-pool.yaml");
  }

  private static GatewaySection inProcess(String bindHost, Integer port) {
    return new GatewaySection(null, null, bindHost, "127.0.0.1", port);
  }

  private static JobGateway start(GatewaySection section, PoolConfig pool) {
    return JobGateway.start(section, pool, null, Budget.UNLIMITED);
  }

  private int status(JobGateway gateway, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.endpoint().url() + "/models"));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void wrongCodeIsCheckedFourRunsPerCoreUnlessTheConfigSetsParallelism() {
    assertEquals(4 * Runtime.getRuntime().availableProcessors(),
        JobGateway.checkingParallelism(SandboxSettings.DEFAULT));
    assertEquals(3, JobGateway.checkingParallelism(new SandboxSettings(SandboxSettings.DEFAULT.limits(), 3,
        SandboxSettings.DEFAULT.isolation())));
  }

  @Test
  void onLoopbackThereIsNoToken() throws Exception {
    try (JobGateway gateway = start(inProcess("127.0.0.1", null), pool(""))) {
      assertNull(gateway.endpoint().token());
      assertEquals(200, status(gateway, null));
    }
  }

  @Test
  void beyondLoopbackTheJobMakesAPerRunToken() throws Exception {
    try (JobGateway gateway = start(inProcess("0.0.0.0", null), pool(""))) {
      String token = gateway.endpoint().token();
      assertNotNull(token);
      assertEquals(401, status(gateway, null));
      assertEquals(200, status(gateway, token));
      assertFalse(gateway.endpoint().toString().contains(token), gateway.endpoint().toString());
    }
    try (JobGateway first = start(inProcess("0.0.0.0", null), pool(""));
        JobGateway second = start(inProcess("0.0.0.0", null), pool(""))) {
      assertFalse(first.endpoint().token().equals(second.endpoint().token()), "each run has its own token");
    }
  }

  @Test
  void aWildcardBindIsNeverTheAddressExecutorsAreGiven() throws Exception {
    assertTrue(GatewaySection.isWildcard("0.0.0.0"));
    assertTrue(GatewaySection.isWildcard("::"));
    assertTrue(GatewaySection.isWildcard("[::]"));
    assertFalse(GatewaySection.isWildcard("127.0.0.1"));
    assertFalse(GatewaySection.isWildcard("no-such-host.invalid"));
    try (JobGateway gateway = start(new GatewaySection(null, null, "0.0.0.0", null, null), pool(""))) {
      String host = URI.create(gateway.endpoint().url()).getHost();
      assertEquals(new SparkConf().get("spark.driver.host", Utils.localHostName()), host);
      assertFalse(GatewaySection.isWildcard(host), host);
      assertEquals(200, status(gateway, gateway.endpoint().token()), "executors reach it at " + host);
    }
  }

  @Test
  void allowUnauthenticatedLetsItListenBeyondLoopbackWithoutAToken() throws Exception {
    try (JobGateway gateway = start(inProcess("0.0.0.0", null), pool("allow_unauthenticated: true\n"))) {
      assertNull(gateway.endpoint().token());
      assertEquals(200, status(gateway, null));
    }
  }

  @Test
  void thePoolFilesTokenIsTheOneExecutorsSend() throws Exception {
    try (JobGateway gateway = start(inProcess("0.0.0.0", null), pool("auth_token_env: " + TOKEN_ENV + "\n"))) {
      assertEquals(System.getenv(TOKEN_ENV), gateway.endpoint().token());
      assertEquals(401, status(gateway, null));
      assertEquals(200, status(gateway, System.getenv(TOKEN_ENV)));
    }
  }

  @Test
  void aPoolTokenVariableThatIsNotSetIsAConfigError() {
    ConfigException e = assertThrows(ConfigException.class, () -> start(inProcess("127.0.0.1", null),
        pool("auth_token_env: TRINITY_TEST_UNSET_TOKEN\n")));
    assertEquals("job-pool.yaml: auth_token_env names TRINITY_TEST_UNSET_TOKEN, which is not set in the driver's "
        + "environment", e.getMessage());
  }

  @Test
  void gatewayPortFixesThePort() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (JobGateway gateway = start(inProcess("127.0.0.1", port), pool(""))) {
      assertEquals(port, gateway.inProcess().port());
      assertEquals("http://127.0.0.1:" + port + "/v1", gateway.endpoint().url());
    }
  }

  @Test
  void theExternalGatewaysTokenComesFromTheDriversEnvironment() {
    JobGateway external = start(new GatewaySection("http://127.0.0.1:9/v1", TOKEN_ENV, null, null, null), pool(""));
    assertNull(external.inProcess());
    assertEquals(System.getenv(TOKEN_ENV), external.endpoint().token());
    ConfigException e = assertThrows(ConfigException.class, () -> start(new GatewaySection(
        "http://127.0.0.1:9/v1", "TRINITY_TEST_UNSET_TOKEN", null, null, null), pool("")));
    assertTrue(e.getMessage().startsWith("gateway.api_key_env names TRINITY_TEST_UNSET_TOKEN, which is not set"),
        e.getMessage());
  }

  private static final PoolConfig TIMEOUTS_POOL = PoolConfig.parse("""
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
  private static final Duration LONGEST_CALL = Duration.ofMillis(4 * 200_000 + 2_000 + 4_500 + 7_500)
      .plus(PoolConfig.CALL_SLACK);

  @Test
  void anInProcessGatewaysExecutorsWaitThePoolsLongestCall() {
    assertEquals(LONGEST_CALL, TIMEOUTS_POOL.longestCall());
    try (JobGateway gateway = start(inProcess("127.0.0.1", null), TIMEOUTS_POOL)) {
      assertEquals(LONGEST_CALL, gateway.endpoint().callTimeout());
    }
  }

  @Test
  void soDoAnExternalGatewaysExecutors() {
    GatewaySection external = new GatewaySection("http://127.0.0.1:9/v1", null, null, null, null);
    try (JobGateway gateway = start(external, TIMEOUTS_POOL)) {
      assertNull(gateway.inProcess());
      assertEquals(LONGEST_CALL, gateway.endpoint().callTimeout());
    }
  }
}
