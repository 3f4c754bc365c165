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
 * Full versus incremental encoding of one 5-turn episode (the transcript before each turn, 6 encodes) with a
 * random Qwen3 checkpoint of the tiny test shape or the real Qwen3-0.6B shape, on the CPU. Run by
 * {@code workers/bench/qwen3-encode.sh}; prints one line per measurement.
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
    List<Transcript> states = episode(queryChars, replyChars, 5);
    try (Qwen3Encoder full = Qwen3Encoder.builder(dir).cacheBytes(0).tokenBudget(1 << 16).build()) {
      long start = System.nanoTime();
      full.encode(states.get(0));
      System.out.printf(Locale.ROOT, "load + first encode: %.2f s%n", seconds(start));
      int[] lengths = states.stream().mapToInt(s -> full.tokenize(s).ids().length).toArray();
      int total = Arrays.stream(lengths).sum();
      System.out.printf(Locale.ROOT, "transcript tokens before each turn: %s (sum %d)%n", Arrays.toString(lengths),
          total);
      double[] fullTimes = new double[repetitions];
      double[] incrementalTimes = new double[repetitions];
      double[] lastTurnFull = new double[repetitions];
      double[] lastTurnIncremental = new double[repetitions];
      for (int r = 0; r < repetitions; r++) {
        start = System.nanoTime();
        long turnStart = 0;
        for (Transcript state : states) {
          turnStart = System.nanoTime();
          full.encode(state);
        }
        lastTurnFull[r] = seconds(turnStart);
        fullTimes[r] = seconds(start);
        try (Qwen3Encoder incremental = Qwen3Encoder.builder(dir).tokenBudget(1 << 16).build()) {
          incremental.encodeTokens(new int[] {1, 2}); // load outside the timing
          start = System.nanoTime();
          for (Transcript state : states) {
            turnStart = System.nanoTime();
            incremental.encode(state);
          }
          lastTurnIncremental[r] = seconds(turnStart);
          incrementalTimes[r] = seconds(start);
        }
      }
      double fullMedian = median(fullTimes);
      double incrementalMedian = median(incrementalTimes);
      int fresh = lengths[lengths.length - 1];
      System.out.printf(Locale.ROOT, "full:        episode %.3f s, %.0f transcript tokens/s, last turn %.3f s%n",
          fullMedian, total / fullMedian, median(lastTurnFull));
      System.out.printf(Locale.ROOT, "incremental: episode %.3f s, %.0f transcript tokens/s (%d tokens run), "
          + "last turn %.3f s%n", incrementalMedian, total / incrementalMedian, fresh, median(lastTurnIncremental));
      System.out.printf(Locale.ROOT, "speedup: %.2fx per episode, %.2fx on the last turn (median of %d)%n",
          fullMedian / incrementalMedian, median(lastTurnFull) / median(lastTurnIncremental), repetitions);
    }
  }

  static List<Transcript> episode(int queryChars, int replyChars, int turns) {
    String words = "the answer follows from the equation because each step keeps the invariant we checked ";
    Transcript transcript = Transcript.of(text("Question: " + words, queryChars));
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
