import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load for the gateway benchmark: sends chat completions at a fixed rate and measures each one's
 * latency from the moment it was due (not from when it was sent), so a stalled server cannot hide its queueing
 * (no coordinated omission). Every request has its own prompt, so no cache or coalescing can answer it.
 * With --concurrency instead of --rate it runs closed-loop and reports the throughput it reaches.
 *
 * Usage: java LoadGenerator.java --label NAME --url URL [--rate RPS | --concurrency N] [--seconds S]
 *        [--warmup S] [--header NAME:VALUE]...
 * Prints one JSON line.
 */
public class LoadGenerator {

    public static void main(String[] args) throws Exception {
        String label = "run";
        String url = null;
        int rate = 0;
        int concurrency = 0;
        int seconds = 20;
        int warmup = 10;
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--label" -> label = args[i + 1];
                case "--url" -> url = args[i + 1];
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--header" -> {
                    int colon = args[i + 1].indexOf(':');
                    headers.add(args[i + 1].substring(0, colon).strip());
                    headers.add(args[i + 1].substring(colon + 1).strip());
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (url == null || (rate > 0) == (concurrency > 0)) {
            throw new IllegalArgumentException("need --url and exactly one of --rate or --concurrency");
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Run run = new Run(http, URI.create(url), headers.toArray(String[]::new));
        if (rate > 0) {
            run.openLoop(rate, warmup, false);
            Result r = run.openLoop(rate, seconds, true);
            System.out.println(r.json(label, "rate", rate, run.sent()));
        } else {
            run.closedLoop(concurrency, warmup);
            Result r = run.closedLoop(concurrency, seconds);
            System.out.println(r.json(label, "concurrency", concurrency, run.sent()));
        }
    }

    /** The first failure seen, to say what the errors were. */
    static final java.util.concurrent.atomic.AtomicReference<String> FIRST_ERROR =
            new java.util.concurrent.atomic.AtomicReference<>("");

    static boolean failed(HttpResponse<byte[]> response, Throwable error) {
        if (error == null && response.statusCode() == 200) {
            return false;
        }
        FIRST_ERROR.compareAndSet("", error != null ? error.toString()
                : response.statusCode() + " " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        return true;
    }

    record Result(long[] latenciesNanos, int count, int errors, double seconds) {

        /** {@code sent} counts the warm-up too, so that a server's CPU time can be divided by it. */
        String json(String label, String mode, int level, long sent) {
            long[] sorted = Arrays.copyOf(latenciesNanos, count);
            Arrays.sort(sorted);
            return String.format(Locale.ROOT, "{\"label\": \"%s\", \"%s\": %d, \"sent\": %d, \"completed\": %d, \"errors\": %d, "
                    + "\"throughput_rps\": %.1f, \"p50_ms\": %.3f, \"p90_ms\": %.3f, \"p99_ms\": %.3f, "
                    + "\"p999_ms\": %.3f, \"max_ms\": %.3f, \"first_error\": \"%s\"}",
                    label, mode, level, sent, count, errors, count / seconds, pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), pct(sorted, 0.999),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                    FIRST_ERROR.get().replace("\\", "/").replace("\"", "'").replace("\n", " "));
        }

        private static double pct(long[] sorted, double q) {
            if (sorted.length == 0) {
                return 0;
            }
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
        }
    }

    static final class Run {
        private final HttpClient http;
        private final URI uri;
        private final String[] headers;
        private final AtomicLong sequence = new AtomicLong();

        long sent() {
            return sequence.get();
        }

        Run(HttpClient http, URI uri, String[] headers) {
            this.http = http;
            this.uri = uri;
            this.headers = headers;
        }

        private CompletableFuture<HttpResponse<byte[]>> send() {
            String body = "{\"model\": \"bench-model\", \"seed\": 1, \"max_tokens\": 16, \"messages\": ["
                    + "{\"role\": \"system\", \"content\": \"You are the Worker in a team of language models.\"},"
                    + "{\"role\": \"user\", \"content\": \"Benchmark question " + sequence.incrementAndGet()
                    + ": what is 6 times 7?\"}]}";
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (headers.length > 0) {
                request.headers(headers);
            }
            return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        Result openLoop(int rate, int seconds, boolean measure) throws InterruptedException {
            int total = rate * seconds;
            long[] latencies = new long[total];
            AtomicInteger done = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            long period = 1_000_000_000L / rate;
            long start = System.nanoTime() + 10_000_000L;
            for (int i = 0; i < total; i++) {
                long due = start + i * period;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int slot = i;
                send().whenComplete((response, error) -> {
                    latencies[slot] = System.nanoTime() - due;
                    if (failed(response, error)) {
                        errors.incrementAndGet();
                    }
                    done.incrementAndGet();
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (done.get() < total && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            return new Result(latencies, done.get(), errors.get() + (total - done.get()), elapsed);
        }

        Result closedLoop(int concurrency, int seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long[] latencies = new long[5_000_000];
            AtomicInteger count = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            Semaphore lanes = new Semaphore(0);
            long start = System.nanoTime();
            for (int lane = 0; lane < concurrency; lane++) {
                loop(end, latencies, count, errors, lanes);
            }
            lanes.acquire(concurrency);
            return new Result(latencies, Math.min(count.get(), latencies.length), errors.get(),
                    (System.nanoTime() - start) / 1e9);
        }

        private void loop(long end, long[] latencies, AtomicInteger count, AtomicInteger errors, Semaphore lanes) {
            long sent = System.nanoTime();
            if (sent >= end) {
                lanes.release();
                return;
            }
            send().whenComplete((response, error) -> {
                int slot = count.getAndIncrement();
                if (slot < latencies.length) {
                    latencies[slot] = System.nanoTime() - sent;
                }
                if (failed(response, error)) {
                    errors.incrementAndGet();
                }
                loop(end, latencies, count, errors, lanes);
            });
        }
    }
}
