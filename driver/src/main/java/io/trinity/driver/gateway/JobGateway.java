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

  /** The answer key's name in a run's or an evaluation's output folder. */
  public static final String ANSWER_KEY_FILE = "answer-key.jsonl";

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
   * {@code answerKey}), or connects to the external one when the section names a URL.
   */
  public static JobGateway start(GatewaySection section, PoolConfig pool, Path answerKey, Budget budget) {
    if (section.url() != null) {
      LOG.info("using the external gateway at {}", section.url());
      String key = section.apiKeyEnv() == null ? null : System.getenv(section.apiKeyEnv());
      return new JobGateway(null, new GatewayEndpoint(section.url(), section.apiKeyEnv()),
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
        + "/v1", null), PoolBudget.of(gateway));
  }

  /**
   * Writes the answer key the sim provider answers from into the job's output, on whatever file system that is,
   * and returns where the in-process gateway reads it on this machine: that file when the output is local, else a
   * local copy removed when the JVM exits.
   */
  public static Path writeAnswerKey(RunDirectory out, Task[] tasks) {
    out.write(ANSWER_KEY_FILE, stream -> AnswerKey.write(Arrays.asList(tasks), stream));
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
