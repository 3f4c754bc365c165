package io.trinity.workers.encode.qwen3;

import io.trinity.workers.head.Safetensors;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.Transcript;
import io.trinity.workers.transcript.Turn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Full versus incremental encoding of a 5-turn episode (the transcript before each turn, 6 encodes) with a
 * random Qwen3 checkpoint of the tiny test shape or the real Qwen3-0.6B shape, on the CPU: seconds per turn
 * (median over repetitions, each on a new query) and tokens per second. Run by
 * {@code workers/bench/qwen3-encode.sh}.
 *
 * <p>Arguments: {@code tiny|0.6b} {@code DIR} (where the checkpoint is written once) {@code REPETITIONS}
 * {@code QUERY_CHARS} {@code REPLY_CHARS}.
 */
public final class EncodeBenchmark {
  private EncodeBenchmark() {}

  public static void main(String[] args) throws Exception {
    String shape = args[0];
    Path dir = Path.of(args[1]);
    int repetitions = Integer.parseInt(args[2]);
    int queryChars = Integer.parseInt(args[3]);
    int replyChars = Integer.parseInt(args[4]);
    Qwen3Config config = switch (shape) {
      case "tiny" -> new Qwen3Config(64, 2, 4, 2, 24, 96, 1e-6, 1e6, 300, true, "bfloat16");
      case "0.6b" -> new Qwen3Config(1024, 28, 16, 8, 128, 3072, 1e-6, 1e6, 151936, true, "bfloat16");
      default -> throw new IllegalArgumentException("shape must be tiny or 0.6b, got " + shape);
    };
    if (!Files.exists(dir.resolve(Qwen3Checkpoint.WEIGHTS_FILE))) {
      long start = System.nanoTime();
      RandomCheckpoint.write(dir, config, 1, Safetensors.Dtype.BF16);
      System.out.printf(Locale.ROOT, "wrote random %s checkpoint to %s in %.1f s%n", shape, dir, seconds(start));
    }
    // One encoder, so one copy of the weights: a transcript whose query was never seen misses the prefix cache
    // and is recomputed in full, so full encodes use a new query for every turn.
    try (Qwen3Encoder encoder = Qwen3Encoder.builder(dir).tokenBudget(1 << 16).build()) {
      long start = System.nanoTime();
      // load, and warm up on an episode of its own (the first forwards on fresh weights are slow)
      for (Transcript state : episode("warm-up", queryChars, replyChars, 5)) {
        encoder.encode(state);
      }
      System.out.printf(Locale.ROOT, "load + warm-up: %.1f s%n", seconds(start));
      int[] lengths = episode("", queryChars, replyChars, 5).stream()
          .mapToInt(s -> encoder.tokenize(s).ids().length).toArray();
      int total = Arrays.stream(lengths).sum();
      System.out.printf(Locale.ROOT, "transcript tokens before each turn: %s (sum %d)%n", Arrays.toString(lengths),
          total);
      double[][] fullTurns = new double[lengths.length][repetitions];
      double[][] incrementalTurns = new double[lengths.length][repetitions];
      for (int r = 0; r < repetitions; r++) {
        for (int t = 0; t < lengths.length; t++) {
          Transcript unseen = episode("Full " + r + "/" + t + ". ", queryChars, replyChars, 5).get(t);
          start = System.nanoTime();
          encoder.encode(unseen);
          fullTurns[t][r] = seconds(start);
        }
        // a new query per repetition, so no earlier repetition is in the cache
        List<Transcript> states = episode("Run " + r + ". ", queryChars, replyChars, 5);
        for (int t = 0; t < states.size(); t++) {
          start = System.nanoTime();
          encoder.encode(states.get(t));
          incrementalTurns[t][r] = seconds(start);
        }
      }
      double fullEpisode = 0;
      double incrementalEpisode = 0;
      StringBuilder fullLine = new StringBuilder();
      StringBuilder incrementalLine = new StringBuilder();
      for (int t = 0; t < lengths.length; t++) {
        double f = median(fullTurns[t]);
        double i = median(incrementalTurns[t]);
        fullEpisode += f;
        incrementalEpisode += i;
        fullLine.append(String.format(Locale.ROOT, " %.3f", f));
        incrementalLine.append(String.format(Locale.ROOT, " %.3f", i));
      }
      int run = lengths[lengths.length - 1];
      System.out.printf(Locale.ROOT, "full seconds per turn:%s%n", fullLine);
      System.out.printf(Locale.ROOT, "incremental seconds per turn:%s%n", incrementalLine);
      System.out.printf(Locale.ROOT, "full:        episode %.3f s, %d tokens run, %.0f tokens/s run%n", fullEpisode,
          total, total / fullEpisode);
      System.out.printf(Locale.ROOT, "incremental: episode %.3f s, %d tokens run, %.0f tokens/s run, "
          + "%.0f transcript tokens/s%n", incrementalEpisode, run, run / incrementalEpisode,
          total / incrementalEpisode);
      System.out.printf(Locale.ROOT, "speedup: %.2fx per episode, %.2fx on the last turn (medians of %d)%n",
          fullEpisode / incrementalEpisode, median(fullTurns[lengths.length - 1])
              / median(incrementalTurns[lengths.length - 1]), repetitions);
    }
  }

  static List<Transcript> episode(String prefix, int queryChars, int replyChars, int turns) {
    String words = "the answer follows from the equation because each step keeps the invariant we checked ";
    Transcript transcript = Transcript.of(text(prefix + "Question: " + words, queryChars));
    List<Transcript> states = new ArrayList<>();
    states.add(transcript);
    Role[] roles = {Role.THINKER, Role.WORKER, Role.VERIFIER, Role.WORKER, Role.VERIFIER};
    for (int t = 0; t < turns; t++) {
      transcript = transcript.append(new Turn("model-" + t % 3, roles[t % roles.length],
          text("Turn " + t + ": " + words, replyChars)));
      states.add(transcript);
    }
    return states;
  }

  private static String text(String seed, int chars) {
    return seed.repeat(chars / seed.length() + 1).substring(0, chars);
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
