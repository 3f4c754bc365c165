package io.trinity.driver.serve;

import io.trinity.driver.train.TrainingFixtures;
import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.key.AnswerKey;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.client.PoolClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.Coordinator;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.encode.FeatureFamily;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.transcript.RolePrompts;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The served coordinator's own overhead (driver/bench/serve-overhead.sh runs it; not a test): a random linear head
 * with the default hashing encoder (256 buckets, every feature family, 3 turns) over the demo pool with zero
 * latency, in-process gateway, driven over HTTP by closed-loop clients at 1, 16 and 64 at a time.
 *
 * <p>Each request carries a unique marker in a context message; the pool client below times every call the
 * coordinator makes and charges it to the marker's request. A request's overhead is its client-observed latency
 * minus its pool calls' time, per turn: the coordinator's HTTP handling, parsing, encoding, deciding and writing,
 * plus the benchmark's own HTTP client on the same cores (so an upper bound).
 *
 * <p>Usage: {@code ServeOverheadBench [SECONDS_PER_LEVEL]} (default 10, after as long a warm-up at each level).
 */
public final class ServeOverheadBench {
  private static final String MARKER = "bench request ";

  private ServeOverheadBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path dir = Files.createTempDirectory("serve-bench");
    List<Task> tasks = DemoTasks.load();
    Path key = dir.resolve("answer-key.jsonl");
    try (OutputStream out = Files.newOutputStream(key)) {
      AnswerKey.write(tasks, out);
    }
    PoolConfig pool = PoolConfig.load(TrainingFixtures.demoPoolWithoutLatency(dir));
    try (GatewayServer gateway = GatewayServer.builder().pool(pool).answerKey(key).build().start();
        OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build();
        TimedPool timed = new TimedPool(client);
        CoordinatorServer server = CoordinatorServer.builder()
            .models(List.of(new ServedModel("trinity-bench", randomHead(pool.modelNames()), "bench")))
            .pool(timed).build().start()) {
      System.out.printf(Locale.ROOT, "cores %d, %d s per level after %d s of warm-up%n",
          Runtime.getRuntime().availableProcessors(), seconds, seconds);
      for (int clients : new int[] {1, 16, 64}) {
        load(server, timed, tasks, clients, seconds);
        Level level = load(server, timed, tasks, clients, seconds);
        System.out.println(level.report(clients, seconds));
      }
    }
  }

  private static Coordinator randomHead(List<String> models) {
    String[] families = Arrays.stream(FeatureFamily.values()).map(FeatureFamily::wireName).toArray(String[]::new);
    CoordinatorSpec spec = new CoordinatorSpec(models.toArray(String[]::new), new EncoderSpec.Hashing(256,
        families, 0), CandidateLayout.linear(new HeadShape(256, models.size())), RolePrompts.CURRENT,
        new EpisodeSettings(3, 0.7, 512));
    float[] weights = new float[spec.layout().parameterCount()];
    Random random = new Random(1);
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextGaussian();
    }
    return Coordinator.of(spec, weights, spec.encoder().create(ai.djl.Device.cpu()));
  }

  /** {@code clients} closed loops, each sending its next request when the last is answered, for {@code seconds}. */
  private static Level load(CoordinatorServer server, TimedPool timed, List<Task> tasks, int clients, int seconds)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().executor(Runnable::run).build();
    URI url = URI.create(server.baseUrl() + "/chat/completions");
    AtomicLong sequence = new AtomicLong();
    Level level = new Level();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<CompletableFuture<Void>> loops = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      loops.add(loop(http, url, tasks, sequence, timed, level, end));
    }
    CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
    return level;
  }

  private static CompletableFuture<Void> loop(HttpClient http, URI url, List<Task> tasks, AtomicLong sequence,
      TimedPool timed, Level level, long end) {
    if (System.nanoTime() >= end) {
      return CompletableFuture.completedFuture(null);
    }
    long n = sequence.incrementAndGet();
    Task task = tasks.get((int) (n % tasks.size()));
    String body = "{\"model\":\"trinity-bench\",\"messages\":[{\"role\":\"system\",\"content\":\"" + MARKER + n
        + "\"},{\"role\":\"user\",\"content\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(task.prompt())
        + "}]}";
    long start = System.nanoTime();
    return http.sendAsync(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString()).thenCompose(reply -> {
          long latency = System.nanoTime() - start;
          if (reply.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + reply.statusCode() + ": " + reply.body());
          }
          TimedPool.Calls calls = timed.take(MARKER + n);
          level.add((latency - calls.nanos.sum()) / calls.count.sum());
          return loop(http, url, tasks, sequence, timed, level, end);
        });
  }

  /** Per-turn overheads of one level, in nanoseconds. */
  private static final class Level {
    private final List<Long> perTurn = new ArrayList<>();

    synchronized void add(long nanos) {
      perTurn.add(nanos);
    }

    synchronized String report(int clients, int seconds) {
      long[] sorted = perTurn.stream().mapToLong(Long::longValue).sorted().toArray();
      return String.format(Locale.ROOT, "clients %2d: %6.1f requests/s, overhead per turn p50 %.3f ms, p99 %.3f ms"
          + " (%d requests)", clients, sorted.length / (double) seconds, percentile(sorted, 0.50) / 1e6,
          percentile(sorted, 0.99) / 1e6, sorted.length);
    }

    private static double percentile(long[] sorted, double p) {
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
  }

  /** Times every pool call and charges it to the request whose marker its messages carry. */
  private static final class TimedPool implements PoolClient {
    private final PoolClient pool;
    private final ConcurrentMap<String, Calls> byRequest = new ConcurrentHashMap<>();

    record Calls(LongAdder nanos, LongAdder count) {}

    TimedPool(PoolClient pool) {
      this.pool = pool;
    }

    Calls take(String marker) {
      return byRequest.remove(marker);
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
      String marker = request.messages().stream().map(ChatMessage::content).filter(c -> c.startsWith(MARKER))
          .findFirst().orElseThrow();
      Calls calls = byRequest.computeIfAbsent(marker, m -> new Calls(new LongAdder(), new LongAdder()));
      long start = System.nanoTime();
      return pool.chat(request).whenComplete((response, error) -> {
        calls.nanos.add(System.nanoTime() - start);
        calls.count.increment();
      });
    }

    @Override
    public void close() {}
  }
}
