package io.trinity.driver.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Knocks on a submitted job's in-process gateway for as long as the job runs, from outside the job: it reads the
 * gateway's address from the driver's log line, then asks for the model list without a token and with a wrong one,
 * and for the metrics with the run's token, keeping the status codes it got and the last metrics text.
 */
final class GatewayProbe implements AutoCloseable {
  private static final Pattern STARTED = Pattern.compile("gateway started in-process at (http://[^ ]+):(\\d+)/v1 ");
  private static final Duration POLL = Duration.ofMillis(250);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final ClusterScripts.Submitted job;
  private final String token;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private final AtomicReference<String> gateway = new AtomicReference<>();
  private final Set<Integer> withoutToken = ConcurrentHashMap.newKeySet();
  private final Set<Integer> wrongToken = ConcurrentHashMap.newKeySet();
  private final Set<Integer> withToken = ConcurrentHashMap.newKeySet();
  private final AtomicReference<String> metrics = new AtomicReference<>("");

  private GatewayProbe(ClusterScripts.Submitted job, String token) {
    this.job = job;
    this.token = token;
    this.thread = new Thread(this::probe, "gateway-probe");
    thread.setDaemon(true);
  }

  /** Starts probing {@code job}'s gateway; {@code token} is the one the run's gateway takes. */
  static GatewayProbe start(ClusterScripts.Submitted job, String token) {
    GatewayProbe probe = new GatewayProbe(job, token);
    probe.thread.start();
    return probe;
  }

  private void probe() {
    while (running.get()) {
      String base = gateway.get();
      if (base == null) {
        Matcher started = STARTED.matcher(job.log());
        if (started.find()) {
          base = started.group(1) + ":" + started.group(2);
          gateway.set(base);
        }
      }
      if (base != null) {
        get(base + "/v1/models", null).ifPresent(withoutToken::add);
        get(base + "/v1/models", "not-" + token).ifPresent(wrongToken::add);
        Optional<HttpResponse<String>> answered = send(base + "/metrics", token);
        answered.ifPresent(r -> {
          withToken.add(r.statusCode());
          metrics.set(r.body());
        });
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private Optional<Integer> get(String url, String bearer) {
    return send(url, bearer).map(HttpResponse::statusCode);
  }

  private Optional<HttpResponse<String>> send(String url, String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    try {
      return Optional.of(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException notListening) {
      // Before the gateway listens and after it closed.
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The gateway's address as the driver logged it (http://HOST:PORT), null until it did. */
  String gateway() {
    return gateway.get();
  }

  Set<Integer> withoutToken() {
    return Set.copyOf(withoutToken);
  }

  Set<Integer> wrongToken() {
    return Set.copyOf(wrongToken);
  }

  Set<Integer> withToken() {
    return Set.copyOf(withToken);
  }

  /** The last text the gateway's metrics endpoint gave with the token. */
  String metrics() {
    return metrics.get();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.interrupt();
    thread.join(10_000);
  }
}
