package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.gateway.JobGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process gateway bound to 0.0.0.0 (beyond loopback; executors and this test reach it at 127.0.0.1) in a
 * real local-mode training run: the job makes a per-run token, the executors' calls carry it and succeed, a
 * request without it gets 401, and the token appears in no log line (every logger at DEBUG, and stdout/stderr),
 * not in Spark's event log, the gateway's metrics, nor any file of the run directory (metrics, checkpoint,
 * export, held-out comparison, answer key).
 */
class GatewayBeyondLoopbackTest {
  private static final Duration POLL = Duration.ofMillis(100);

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void executorsCallWithThePerRunTokenWhichLeaksNowhere() throws Exception {
    int port = freePort();
    Path events = Files.createDirectories(dir.resolve("events"));
    TrainingFixtures.config(dir, 2, 4, 4, 16, 0.25, 1, """
        gateway:
          bind_host: 0.0.0.0
          advertise_host: 127.0.0.1
          port: %d
        """.formatted(port));
    Path configFile = dir.resolve("train.yaml");
    Files.writeString(configFile, Files.readString(configFile).replace("spark.ui.enabled: \"false\"",
        "spark.ui.enabled: \"false\"\n    spark.eventLog.enabled: \"true\"\n    spark.eventLog.dir: \""
            + events.toUri() + "\""));
    Path runDir = dir.resolve("run");
    AtomicReference<String> issued = new AtomicReference<>();

    Set<Integer> unauthenticated = ConcurrentHashMap.newKeySet();
    Set<Integer> authenticated = ConcurrentHashMap.newKeySet();
    AtomicReference<String> metricsText = new AtomicReference<>("");
    AtomicBoolean running = new AtomicBoolean(true);
    Thread prober = new Thread(() -> {
      while (running.get()) {
        probe(port, null).ifPresent(r -> unauthenticated.add(r.statusCode()));
        String token = issued.get();
        if (token != null) {
          probe(port, token).ifPresent(r -> {
            authenticated.add(r.statusCode());
            metricsText.set(r.body());
          });
        }
        sleep(POLL);
      }
    }, "gateway-prober");

    TrainingJob.Result result;
    try (LogCapture logs = LogCapture.start()) {
      prober.start();
      try {
        result = new TrainingJob(ConfigLoader.load(configFile), runDir.toString(), TrainingJob.Existing.FAIL,
            () -> {
              String token = JobGateway.newRunToken();
              issued.set(token);
              return token;
            }).run();
      } finally {
        running.set(false);
        prober.join();
      }
      String token = issued.get();
      assertNotNull(token, "bound beyond loopback without a pool token, the job made a per-run token");

      assertEquals(2, result.metrics().size());
      result.metrics().forEach(m -> assertTrue(m.llmCalls() > 0 && m.completionTokens() > 0,
          "the executors' calls were answered in generation " + m.generation()));
      assertNotNull(result.eval(), "the held-out comparison's calls were answered too");
      assertTrue(unauthenticated.contains(401), "a request without the token got 401: " + unauthenticated);
      assertFalse(unauthenticated.contains(200), "no request without the token was answered: " + unauthenticated);
      assertEquals(Set.of(200), authenticated, "requests with the token were answered");
      assertTrue(metricsText.get().contains("gateway_upstream_calls_total"), "the gateway's metrics were read");

      String logged = logs.text();
      assertTrue(logged.contains("gateway started in-process at http://0.0.0.0:" + port + "/v1 (a per-run bearer "
          + "token"), "the gateway listened on 0.0.0.0 with the per-run token");
      assertTrue(logged.contains("DEBUG"), "Spark's and the job's debug lines were captured as well");
      assertNoToken(token, "the log output", logged);
      assertNoToken(token, "the gateway's metrics", metricsText.get());
      List<Path> eventLogs = files(events);
      assertEquals(1, eventLogs.size(), "one event log: " + eventLogs);
      String eventLog = Files.readString(eventLogs.get(0));
      assertTrue(eventLog.contains("SparkListenerTaskEnd") && eventLog.contains("spark.eventLog.enabled"),
          "the event log holds the tasks and the configuration");
      assertNoToken(token, "Spark's event log", eventLog);
      List<Path> runFiles = files(runDir);
      for (String expected : List.of("metrics.jsonl", "checkpoint.json", "head.json", "head.safetensors",
          "eval.json", "report.html")) {
        assertTrue(runFiles.contains(runDir.resolve(expected)), expected + " was written: " + runFiles);
      }
      for (Path file : runFiles) {
        assertNoToken(token, file.toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
  }

  @Test
  void everyRunTokenIsFresh() {
    String first = JobGateway.newRunToken();
    String second = JobGateway.newRunToken();
    assertEquals(43, first.length(), "256 bits in URL-safe Base64");
    assertTrue(first.matches("[A-Za-z0-9_-]+"), first);
    assertFalse(first.equals(second));
  }

  private static void assertNoToken(String token, String where, String text) {
    assertFalse(text.contains(token), "the per-run token appears in " + where);
  }

  private java.util.Optional<HttpResponse<String>> probe(int port, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + (token == null ? "/v1/models" : "/metrics"))).timeout(Duration.ofSeconds(5));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return java.util.Optional.of(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException notListening) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  /**
   * Every log event of every logger at DEBUG and above into a string, and stdout and stderr teed into it too,
   * for as long as it is open; the console appender is detached meanwhile so the build's output stays readable.
   */
  private static final class LogCapture implements AutoCloseable {
    private final StringWriter events = new StringWriter();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final List<Appender> detached = new ArrayList<>();
    private final Level rootLevel;
    private final Level trinityLevel;
    private final Appender appender;

    private LogCapture() {
      Configuration configuration = context.getConfiguration();
      appender = WriterAppender.newBuilder().setName("token-capture").setTarget(events)
          .setLayout(PatternLayout.newBuilder().withPattern("%p %c: %m%n%throwable").build()).build();
      appender.start();
      configuration.addAppender(appender);
      LoggerConfig root = configuration.getRootLogger();
      detached.addAll(root.getAppenders().values());
      detached.forEach(a -> root.removeAppender(a.getName()));
      root.addAppender(appender, Level.ALL, null);
      rootLevel = root.getLevel();
      root.setLevel(Level.DEBUG);
      LoggerConfig trinity = configuration.getLoggerConfig("io.trinity");
      trinityLevel = trinity.getLevel();
      trinity.setLevel(Level.DEBUG);
      context.updateLoggers();
      System.setOut(new PrintStream(new Tee(out, printed), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new Tee(err, printed), true, StandardCharsets.UTF_8));
    }

    static LogCapture start() {
      return new LogCapture();
    }

    String text() {
      synchronized (printed) {
        return events + printed.toString(StandardCharsets.UTF_8);
      }
    }

    @Override
    public void close() {
      System.setOut(out);
      System.setErr(err);
      Configuration configuration = context.getConfiguration();
      LoggerConfig root = configuration.getRootLogger();
      root.removeAppender(appender.getName());
      detached.forEach(a -> root.addAppender(a, null, null));
      root.setLevel(rootLevel);
      configuration.getLoggerConfig("io.trinity").setLevel(trinityLevel);
      context.updateLoggers();
      appender.stop();
    }
  }

  /** Writes to the console and keeps a copy. */
  private static final class Tee extends OutputStream {
    private final OutputStream console;
    private final ByteArrayOutputStream copy;

    Tee(OutputStream console, ByteArrayOutputStream copy) {
      this.console = console;
      this.copy = copy;
    }

    @Override
    public void write(int b) throws IOException {
      console.write(b);
      synchronized (copy) {
        copy.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      console.write(b, off, len);
      synchronized (copy) {
        copy.write(b, off, len);
      }
    }
  }
}
