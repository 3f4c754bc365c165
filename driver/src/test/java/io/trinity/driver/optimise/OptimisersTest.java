package io.trinity.driver.optimise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Each optimiser behind the interface improves a small objective and continues bit for bit from its state. */
class OptimisersTest {
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  private static final int N = 10;

  /** Maximised: minus the squared distance to (1, ..., 1), at most 0. */
  private static double objective(double[] x) {
    double s = 0;
    for (double v : x) {
      s += (v - 1) * (v - 1);
    }
    return -s;
  }

  /** Runs {@code generations} generations, the mean scored by the objective as the loop's mean head is. */
  private static void run(Optimiser optimiser, int generations) {
    for (int g = 0; g < generations; g++) {
      double meanFitness = objective(optimiser.mean());
      Candidates asked = optimiser.ask();
      double[][] vectors = ((Candidates.Vectors) asked).vectors();
      double[] fitness = Arrays.stream(vectors).mapToDouble(OptimisersTest::objective).toArray();
      optimiser.tell(asked, new Feedback(fitness, meanFitness, null));
    }
  }

  @Test
  void fullCmaEsConvergesOnTheSphere() {
    CmaEs es = new CmaEs(new double[N], 0.5, 12, 7);
    double start = objective(es.mean());
    run(es, 150);
    assertEquals(150, es.generation());
    assertTrue(objective(es.mean()) > -1e-6, "from " + start + " to " + objective(es.mean()));
  }

  @Test
  void fullCmaEsLearnsACorrelatedEllipsoid() {
    // A rotated, ill-conditioned valley that a diagonal covariance cannot align with.
    ToDoubleFunction<double[]> valley = x -> {
      double along = x[0] + x[1];
      double across = x[0] - x[1];
      return -(along - 2) * (along - 2) - 1e4 * across * across;
    };
    CmaEs es = new CmaEs(new double[2], 1, 8, 3);
    for (int g = 0; g < 200; g++) {
      Candidates asked = es.ask();
      double[] fitness = Arrays.stream(((Candidates.Vectors) asked).vectors()).mapToDouble(valley).toArray();
      es.tell(asked, new Feedback(fitness, valley.applyAsDouble(es.mean()), null));
    }
    assertEquals(1, es.mean()[0], 1e-3);
    assertEquals(1, es.mean()[1], 1e-3);
  }

  @Test
  void randomSearchKeepsTheBestHeadAndImproves() {
    RandomSearch search = new RandomSearch(new double[N], 1, 16, 5);
    double before = objective(search.mean());
    double last = before;
    for (int g = 0; g < 30; g++) {
      run(search, 1);
      double now = objective(search.mean());
      assertTrue(now >= last, "the incumbent never gets worse on a noiseless objective: " + last + " -> " + now);
      last = now;
    }
    assertTrue(last > before + 2, "from " + before + " to " + last);
  }

  @Test
  void randomSearchDrawsAroundTheStartWhateverItWasTold() {
    RandomSearch search = new RandomSearch(new double[N], 0.3, 4, 5);
    Candidates first = search.ask();
    search.tell(first, new Feedback(new double[] {1, 0, 0, 0}, 0, null));
    assertArrayEquals(((Candidates.Vectors) first).vectors()[0], search.mean(), "the winner is the incumbent");
    double[][] next = ((Candidates.Vectors) search.ask()).vectors();
    double spread = Arrays.stream(next).flatMapToDouble(Arrays::stream).map(v -> v * v).average().orElseThrow();
    assertEquals(0.09, spread, 0.06, "heads are drawn from N(start, sigma^2 I), not around the incumbent");
  }

  /**
   * A three-armed bandit whose parameters are the arms' logits: arm 2 pays 1, the others 0. The policy gradient
   * of the log-softmax is one-hot minus the probabilities, summed as the executors sum it.
   */
  @Test
  void reinforceShiftsTheSoftmaxToTheBestArm() {
    for (String baseline : new String[] {"batch_mean", "moving_average", "none"}) {
      Reinforce reinforce = new Reinforce(new double[3], 0.1, baseline, 16, 11);
      SplittableRandom random = new SplittableRandom(1);
      for (int g = 0; g < 60; g++) {
        Candidates.Sampled asked = (Candidates.Sampled) reinforce.ask();
        assertEquals(16, asked.copies());
        reinforce.tell(asked, banditRound(asked.head(), 64, random));
      }
      double[] p = softmax(reinforce.mean());
      assertTrue(p[2] > 0.9, baseline + ": the best arm's probability " + p[2]);
    }
  }

  private static Feedback banditRound(double[] logits, int episodes, SplittableRandom random) {
    double[] p = softmax(logits);
    double[] score = new double[3];
    double[] weighted = new double[3];
    double rewards = 0;
    for (int e = 0; e < episodes; e++) {
      double u = random.nextDouble();
      int arm = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
      double reward = arm == 2 ? 1 : 0;
      rewards += reward;
      for (int i = 0; i < 3; i++) {
        double g = (i == arm ? 1 : 0) - p[i];
        score[i] += g;
        weighted[i] += reward * g;
      }
    }
    return new Feedback(new double[16], 0, new Feedback.ScoreFunction(episodes, rewards, score, weighted));
  }

  private static double[] softmax(double[] logits) {
    double max = Arrays.stream(logits).max().orElseThrow();
    double[] p = Arrays.stream(logits).map(l -> Math.exp(l - max)).toArray();
    double total = Arrays.stream(p).sum();
    return Arrays.stream(p).map(v -> v / total).toArray();
  }

  @Test
  void everyOptimiserContinuesBitForBitFromItsSavedState() throws Exception {
    check(new CmaEs(new double[N], 0.5, 8, 1), s -> CmaEs.restore(JSON.treeToValue(s, CmaEs.State.class)));
    check(new RandomSearch(new double[N], 0.5, 8, 1),
        s -> RandomSearch.restore(JSON.treeToValue(s, RandomSearch.State.class)));
    Reinforce reinforce = new Reinforce(new double[3], 0.1, "moving_average", 8, 1);
    SplittableRandom random = new SplittableRandom(2);
    for (int g = 0; g < 3; g++) {
      Candidates.Sampled asked = (Candidates.Sampled) reinforce.ask();
      reinforce.tell(asked, banditRound(asked.head(), 16, random));
    }
    Reinforce restored = Reinforce.restore(JSON.treeToValue(JSON.valueToTree(reinforce.state()),
        Reinforce.State.class));
    Candidates.Sampled a = (Candidates.Sampled) reinforce.ask();
    Candidates.Sampled b = (Candidates.Sampled) restored.ask();
    assertEquals(a.seed(), b.seed());
    assertArrayEquals(a.head(), b.head());
    Feedback round = banditRound(a.head(), 16, new SplittableRandom(3));
    reinforce.tell(a, round);
    restored.tell(b, round);
    assertArrayEquals(reinforce.mean(), restored.mean());
  }

  private interface Restore {
    Optimiser from(com.fasterxml.jackson.databind.JsonNode state) throws Exception;
  }

  private static void check(Optimiser optimiser, Restore restore) throws Exception {
    run(optimiser, 3);
    Optimiser restored = restore.from(JSON.readTree(JSON.writeValueAsString(optimiser.state())));
    run(optimiser, 2);
    run(restored, 2);
    assertEquals(optimiser.generation(), restored.generation());
    assertArrayEquals(optimiser.mean(), restored.mean(), optimiser.type());
    assertEquals(optimiser.sigma(), restored.sigma(), 0.0);
    assertArrayEquals(((Candidates.Vectors) optimiser.ask()).vectors()[0],
        ((Candidates.Vectors) restored.ask()).vectors()[0]);
  }

  @Test
  void fullCmaEsRefusesHeadsAboveItsLimit() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CmaEs(new double[CmaEs.MAX_DIMENSION + 1], 0.5, 8, 1));
    assertTrue(e.getMessage().contains("sep_cma_es"), e.getMessage());
  }
}
