package io.trinity.driver.gateway;

import io.trinity.driver.config.GatewaySection;
import io.trinity.driver.io.RunDirectory;
import io.trinity.driver.spark.GatewayEndpoint;
import io.trinity.fitness.key.AnswerKey;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.pool.Budget;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a job's LLM calls go: the pool's gateway started in-process (on {@code gateway.bind_host}, reached by
 * executors at {@code advertise_host}), or the external gateway at {@code gateway.url}. Either way the job gets the
 * endpoint executors call and a way to tell whether the pool's budget is spent.
 */
public final class JobGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobGateway.class);

  private final GatewayServer inProcess;
  private final GatewayEndpoint endpoint;
  private final PoolBudget budget;

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
    if (section.url() != null) {
      LOG.info("using the external gateway at {}", section.url());
      String key = section.apiKeyEnv() == null ? null : System.getenv(section.apiKeyEnv());
      return new JobGateway(null, new GatewayEndpoint(section.url(), section.apiKeyEnv(), pool.longestCall()),
          PoolBudget.external(section.url(), key));
    }
    GatewayServer gateway = GatewayServer.builder()
        .pool(pool)
        .answerKey(answerKey)
        .budget(budget)
        .host(section.bindHost())
        .port(0)
        .build();
    gateway.start();
    LOG.info("gateway started in-process at {}", gateway.baseUrl());
    return new JobGateway(gateway, new GatewayEndpoint("http://" + section.advertiseHost() + ":" + gateway.port()
        + "/v1", null, pool.longestCall()), PoolBudget.of(gateway));
  }

  /**
   * Writes the answer key the sim provider answers from: next to the job's output when that is local, else to a
   * local temporary file (the in-process gateway reads it from this machine).
   */
  public static Path writeAnswerKey(RunDirectory out, Task[] tasks) {
    try {
      Path key = out.isLocal() ? out.localPath("answer-key.jsonl")
          : Files.createTempFile("trinity-answer-key", ".jsonl");
      try (OutputStream stream = Files.newOutputStream(key)) {
        AnswerKey.write(Arrays.asList(tasks), stream);
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the answer key: " + e.getMessage(), e);
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

  /** Logs what the in-process gateway paid for and saved; an external gateway keeps its own accounts. */
  public void logTotals() {
    if (inProcess != null) {
      var total = inProcess.accounting().total();
      LOG.info(String.format(Locale.ROOT, "gateway: %,d paid calls, %,d answered from the cache or coalesced, %,d "
          + "retries, %,d failed calls, $%.4f", total.upstreamCalls(), total.cacheHits(), inProcess.retries(),
          total.failures(), total.costUsd()));
    }
  }

  @Override
  public void close() {
    if (inProcess != null) {
      inProcess.close();
    }
  }
}
