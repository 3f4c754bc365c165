package io.trinity.driver.serve;

import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.server.Exchange;
import io.trinity.gateway.server.ExchangeHandler;
import io.trinity.workers.episode.EpisodeObserver;
import io.trinity.workers.episode.EpisodeRunner;
import io.trinity.workers.episode.PlayedEpisode;
import io.trinity.workers.episode.PlayedTurn;
import io.trinity.workers.head.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A served coordinator's episode behind one OpenAI API ({@link Dialect}): the request's last user message is the
 * question, the coordinator plays its episode on it against the pool, and the final answer is the reply. The event
 * loop parses and hands the episode to the runner, which plays every turn on its work threads: no encode runs on a
 * loop, and the encodes of concurrent requests meet in the Qwen3 encoder's batcher instead of queueing behind a
 * bounded pool.
 *
 * <p>An episode stops before its next pool call once its client's connection closes or the request's time is up.
 */
final class EpisodeEndpoint implements ExchangeHandler {
  /** What a request whose client went away is counted as, after nginx's code for it. */
  static final int CLIENT_GONE = 499;
  private static final Logger LOG = LoggerFactory.getLogger(EpisodeEndpoint.class);

  private final Dialect dialect;
  private final Map<String, Served> models;
  private final ServeMetrics metrics;
  private final Duration timeout;
  private final String idPrefix;
  private final AtomicLong idSequence = new AtomicLong();

  /** A served model with the runner that plays its episodes against the pool. */
  record Served(ServedModel model, EpisodeRunner runner) {}

  EpisodeEndpoint(Dialect dialect, Map<String, Served> models, ServeMetrics metrics, Duration timeout) {
    this.dialect = dialect;
    this.idPrefix = dialect.idPrefix() + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
    this.models = new LinkedHashMap<>(models);
    this.metrics = metrics;
    this.timeout = timeout;
  }

  @Override
  public void handle(Exchange exchange) {
    long start = System.nanoTime();
    if (!exchange.accept("POST", dialect.path())) {
      return;
    }
    CompletionRequest request;
    Served served;
    try {
      request = dialect.parse(exchange);
      served = models.get(request.model());
      if (served == null) {
        throw new GatewayException(404, "invalid_request_error", "The model '" + request.model()
            + "' is not served here; models: " + models.keySet(), "model", "model_not_found");
      }
    } catch (GatewayException e) {
      exchange.sendError(e);
      metrics.request(null, e.status(), false, System.nanoTime() - start, 0);
      return;
    }
    play(exchange, request, served, start);
  }

  private void play(Exchange exchange, CompletionRequest request, Served served, long start) {
    String name = served.model().name();
    int seed = QueryEpisodes.sampleIndex(request);
    CompletionJson.Header header = new CompletionJson.Header(
        idPrefix + Long.toHexString(idSequence.incrementAndGet()), Instant.now().getEpochSecond(), name);
    CompletionJson.EpisodeFacts facts = new CompletionJson.EpisodeFacts(QueryEpisodes.taskId(request), seed);
    CompletionReply reply = dialect.reply(exchange, header, facts, request,
        served.model().coordinator().models());
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean clientGone = new AtomicBoolean();
    Runnable unwatch = exchange.onConnectionClosed(() -> {
      clientGone.set(true);
      stop.set(true);
    });
    EpisodeObserver observer = new EpisodeObserver() {
      @Override
      public boolean proceed() {
        return !stop.get();
      }

      @Override
      public void turnPlayed(PlayedTurn turn) {
        metrics.turn(name, turn);
        reply.turnPlayed(turn);
      }

      @Override
      public Consumer<String> streamTurn(int turn, Decision decision, boolean finalAnswer) {
        return reply.streamTurn(turn, decision, finalAnswer);
      }
    };
    metrics.episodeStarted();
    CompletableFuture<PlayedEpisode> played;
    try {
      played = served.runner().play(QueryEpisodes.episode(request, served.model().coordinator(), seed), observer);
    } catch (RuntimeException e) {
      played = CompletableFuture.failedFuture(e);
    }
    played.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((episode, error) -> {
      metrics.episodeEnded();
      unwatch.run();
      // A timed-out episode still runs until its call in flight returns; this keeps it from starting another.
      stop.set(true);
      GatewayException failure = error == null || clientGone.get() ? null : EpisodeErrors.toClient(name, error);
      int status = error == null ? 200 : failure == null ? CLIENT_GONE : failure.status();
      // Counted before the reply goes out, so that a client that reads the metrics after its reply finds it there.
      metrics.request(name, status, request.stream(), System.nanoTime() - start,
          episode == null ? 0 : episode.turns().size());
      if (error == null) {
        reply.finished(episode);
      } else if (failure != null) {
        if (failure.status() >= 500) {
          LOG.warn("{}", failure.getMessage());
        }
        reply.failed(failure);
      }
    });
  }
}
