package io.trinity.driver.gateway;

import io.trinity.driver.config.ConfigException;
import io.trinity.driver.config.GatewaySection;
import io.trinity.driver.io.RunDirectory;
import io.trinity.driver.spark.ExecutorResources;
import io.trinity.driver.spark.GatewayEndpoint;
import io.trinity.fitness.grade.CodeGradeCache;
import io.trinity.fitness.grade.CodeTally;
import io.trinity.fitness.grade.Graders;
import io.trinity.fitness.key.AnswerKey;
import io.trinity.fitness.key.WrongCode;
import io.trinity.fitness.key.WrongCodeChecks;
import io.trinity.fitness.sandbox.SandboxSettings;
import io.trinity.fitness.sandbox.SandboxUnavailableException;
import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.pool.Budget;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.BindAddress;
import io.trinity.gateway.server.GatewayServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.util.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a job's LLM calls go: the pool's gateway started in-process (on {@code gateway.bind_host}, reached by
 * executors at {@code advertise_host}), or the external gateway at {@code gateway.url}. Either way the job gets the
 * endpoint executors call and a way to tell whether the pool's budget is spent.
 */
public final class JobGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobGateway.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The answer key's name in a run's or an evaluation's output folder. */
  public static final String ANSWER_KEY_FILE = "answer-key.jsonl";

  private final GatewayServer inProcess;
  private final GatewayEndpoint endpoint;
  private final PoolBudget budget;
  /** This JVM's executors' joined calls before the job, so that the job counts only its own. */
  private final long coalescedBefore = ExecutorResources.coalescedCalls();

  private JobGateway(GatewayServer inProcess, GatewayEndpoint endpoint, PoolBudget budget) {
    this.inProcess = inProcess;
    this.endpoint = endpoint;
    this.budget = budget;
  }

  /**
   * Starts the in-process gateway over {@code pool} with {@code budget} (the sim provider answers from
   * {@code answerKey}), or connects to the external one when the section names a URL. Executors wait for a call
   * as long as {@code pool}'s retry schedule and timeouts can make it last ({@link PoolConfig#longestCall()}).
   */
  public static JobGateway start(GatewaySection section, PoolConfig pool, Path answerKey, Budget budget) {
    return start(section, pool, answerKey, budget, JobGateway::newRunToken);
  }

  /**
   * As above, with the per-run token drawn from {@code runTokens} when the in-process gateway needs one (bound
   * beyond loopback with neither the pool file's {@code auth_token_env} nor {@code allow_unauthenticated}). The
   * token, whichever it is, reaches executors in the endpoint, which travels with the tasks.
   */
  public static JobGateway start(GatewaySection section, PoolConfig pool, Path answerKey, Budget budget,
      Supplier<String> runTokens) {
    if (section.url() != null) {
      // The driver reads the token and ships it with the tasks, so executors need no environment of their own
      // and no spark.executorEnv.* entry (which the event log and the UI's Environment tab would show).
      String token = section.apiKeyEnv() == null ? null
          : secret(section.apiKeyEnv(), "gateway.api_key_env names " + section.apiKeyEnv());
      LOG.info("using the external gateway at {} ({})", section.url(), token == null ? "no bearer token"
          : "bearer token from $" + section.apiKeyEnv());
      return new JobGateway(null, new GatewayEndpoint(section.url(), token, pool.longestCall()),
          PoolBudget.external(section.url(), token));
    }
    String tokenEnv = pool.settings().authTokenEnv();
    String token;
    String auth;
    if (tokenEnv != null) {
      token = secret(tokenEnv, pool.source() + ": auth_token_env names " + tokenEnv);
      auth = "bearer token from $" + tokenEnv;
    } else if (!BindAddress.isLoopback(section.bindHost()) && !pool.settings().allowUnauthenticated()) {
      token = runTokens.get();
      auth = "a per-run bearer token, handed to the executors with their tasks";
    } else {
      token = null;
      auth = BindAddress.isLoopback(section.bindHost()) ? "loopback only, no bearer token"
          : "no bearer token: the pool file allows unauthenticated clients";
    }
    GatewayServer gateway = GatewayServer.builder()
        .pool(pool)
        .answerKey(answerKey)
        .budget(budget)
        .authToken(token)
        .host(section.bindHost())
        .port(section.port())
        .build();
    gateway.start();
    String url = "http://" + advertisedHost(section) + ":" + gateway.port() + "/v1";
    LOG.info("gateway started in-process at {} ({}); executors call {}", gateway.baseUrl(), auth, url);
    return new JobGateway(gateway, new GatewayEndpoint(url, token, pool.longestCall()), PoolBudget.of(gateway));
  }

  /**
   * Where executors dial the in-process gateway: {@code advertise_host}, or with a wildcard {@code bind_host} and
   * none set, the driver's address as Spark itself advertises it ({@code spark.driver.host}, else Spark's choice of
   * this machine's address), which executors must reach anyway.
   */
  static String advertisedHost(GatewaySection section) {
    if (section.advertiseHost() != null) {
      return section.advertiseHost();
    }
    String host = new SparkConf().get("spark.driver.host", Utils.localHostName());
    LOG.info("gateway.bind_host {} is a wildcard and gateway.advertise_host is unset: executors call {}",
        section.bindHost(), host);
    return host;
  }

  /** A fresh bearer token: 256 bits from SecureRandom, URL-safe Base64. */
  public static String newRunToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The value of the driver's environment variable {@code name}; its absence is the config's error. */
  static String secret(String name, String what) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new ConfigException(what + ", which is not set in the driver's environment");
    }
    return value;
  }

  /**
   * Writes the answer key the sim provider answers from into the job's output, on whatever file system that is,
   * and returns where the in-process gateway reads it on this machine: that file when the output is local, else a
   * local copy removed when the JVM exits.
   */
  public static Path writeAnswerKey(RunDirectory out, Task[] tasks) {
    out.write(ANSWER_KEY_FILE, stream -> AnswerKey.write(Arrays.asList(tasks), stream));
    return localKey(out);
  }

  /**
   * As {@link #writeAnswerKey(RunDirectory, Task[])}, with the wrong code answers the key offers for code tasks
   * checked to fail their tests in a sandbox of {@code sandbox}'s settings (at {@link WrongCode#checkingLimits}).
   * A variant whose verdict hash (program, tests, limits, isolation, harness) the demo set's shipped checks hold
   * is not run again ({@link WrongCodeChecks#demo()}). Where no such sandbox can be built on this machine (a cluster's driver may have no bubblewrap), the key offers
   * none, with a warning: the simulator's wrong code is then the reference with a line that raises.
   */
  public static Path writeAnswerKey(RunDirectory out, Task[] tasks, SandboxSettings sandbox) {
    if (Arrays.stream(tasks).noneMatch(t -> t.format() == AnswerFormat.CODE)) {
      return writeAnswerKey(out, tasks);
    }
    int parallelism = checkingParallelism(sandbox);
    CodeGradeCache grades;
    try {
      grades = Graders.of(new SandboxSettings(WrongCode.checkingLimits(sandbox.limits()), parallelism,
          sandbox.isolation())).codeGrades();
    } catch (SandboxUnavailableException e) {
      LOG.warn("the answer key offers no broken variants of the code references, since none can be checked to "
          + "fail their tests without a sandbox on this machine ({}): a simulated wrong code answer is the reference "
          + "with a line that raises", e.getMessage());
      return writeAnswerKey(out, tasks);
    }
    CodeTally tally = new CodeTally();
    long started = System.nanoTime();
    // The demo set's checks ship with it; they answer only variants whose program, tests and limits hash alike.
    WrongCodeChecks recorded = WrongCodeChecks.demo();
    out.write(ANSWER_KEY_FILE, stream -> AnswerKey.write(Arrays.asList(tasks), stream, grades, tally,
        parallelism, recorded));
    LOG.info("answer key: wrong code answers checked ({} verdicts taken from the shipped checks, {} runs in the "
        + "sandbox, {} already known, {} sandbox failures) in {} ms", recorded.taken(), tally.runs(),
        tally.cacheHits(), tally.sandboxFailures(), (System.nanoTime() - started) / 1_000_000);
    return localKey(out);
  }

  /**
   * Runs at once for checking the key's wrong code: {@code sandbox.parallelism} when configured; by default
   * {@value #CHECK_RUNS_PER_CORE} per core, not one, since a check's run is a short test of a small program whose
   * time goes mostly to the kernel setting up the sandbox's namespaces (the demo's 93 checks took 11.9 s one per
   * core on 2 cores, and most of that with the cores idle).
   */
  static int checkingParallelism(SandboxSettings sandbox) {
    return sandbox.parallelism() != SandboxSettings.PER_CORE ? sandbox.parallelism()
        : CHECK_RUNS_PER_CORE * Runtime.getRuntime().availableProcessors();
  }

  static final int CHECK_RUNS_PER_CORE = 4;

  private static Path localKey(RunDirectory out) {
    if (out.isLocal()) {
      return out.localPath(ANSWER_KEY_FILE);
    }
    try {
      Path copy = Files.createTempFile("trinity-answer-key", ".jsonl");
      copy.toFile().deleteOnExit();
      Files.write(copy, out.readBytes(ANSWER_KEY_FILE));
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a local copy of the answer key: " + e.getMessage(), e);
    }
  }

  public GatewayEndpoint endpoint() {
    return endpoint;
  }

  public PoolBudget budget() {
    return budget;
  }

  /** The in-process gateway, or null when the calls go to an external one. */
  public GatewayServer inProcess() {
    return inProcess;
  }

  /**
   * Logs what the in-process gateway paid for and saved (an external gateway keeps its own accounts), and how many
   * calls of this JVM's executors joined an identical one in flight and never reached the gateway (local mode).
   */
  public void logTotals() {
    long joined = ExecutorResources.coalescedCalls() - coalescedBefore;
    String executors = String.format(Locale.ROOT, "%,d calls of executors in this JVM joined an identical one in "
        + "flight and did not reach the gateway", joined);
    if (inProcess != null) {
      var total = inProcess.accounting().total();
      LOG.info(String.format(Locale.ROOT, "gateway: %,d paid calls, %,d answered from its cache or coalesced there, "
          + "%,d retries, %,d failed calls, $%.4f; %s", total.upstreamCalls(), total.cacheHits(), inProcess.retries(),
          total.failures(), total.costUsd(), executors));
    } else if (joined > 0) {
      LOG.info(executors);
    }
  }

  @Override
  public void close() {
    if (inProcess != null) {
      inProcess.close();
    }
  }
}
