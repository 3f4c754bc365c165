package io.trinity.driver.es;

import static io.trinity.driver.es.TestFunctions.benchmarkStart;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class SepCmaEsStateTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Candidates and means of one run, generation by generation. */
  private record Trace(List<double[][]> candidates, List<double[]> means) {
    Trace() {
      this(new ArrayList<>(), new ArrayList<>());
    }
  }

  private static void runGenerations(SepCmaEs es, int until, Trace trace) {
    while (es.generation() < until) {
      double[][] c = es.ask();
      double[] f = new double[c.length];
      for (int k = 0; k < c.length; k++) {
        f[k] = TestFunctions.ellipsoid(c[k]);
      }
      es.tell(c, f);
      trace.candidates().add(c);
      trace.means().add(es.mean());
    }
  }

  @Test
  void restartFromJsonContinuesBitForBit() throws Exception {
    int k = 40;
    int total = 120;
    Trace uninterrupted = new Trace();
    runGenerations(benchmarkStart(12, 2024).build(), total, uninterrupted);

    SepCmaEs first = benchmarkStart(12, 2024).build();
    runGenerations(first, k, new Trace());
    String json = JSON.writeValueAsString(first.state());
    SepCmaEsState read = JSON.readValue(json, SepCmaEsState.class);
    assertEquals(first.state(), read);

    SepCmaEs resumed = SepCmaEs.restore(read);
    assertEquals(k, resumed.generation());
    assertEquals(first.evaluations(), resumed.evaluations());
    assertEquals(first.bestFitness(), resumed.bestFitness());
    Trace continued = new Trace();
    runGenerations(resumed, total, continued);

    assertEquals(total - k, continued.candidates().size());
    for (int g = k; g < total; g++) {
      int i = g - k;
      assertTrue(
          bitwiseEqual(uninterrupted.candidates().get(g), continued.candidates().get(i)),
          "candidates of generation " + (g + 1));
      assertTrue(
          bitwiseEqual(uninterrupted.means().get(g), continued.means().get(i)),
          "mean after generation " + (g + 1));
    }
  }

  @Test
  void stateTakenBetweenAskAndTellReplaysThatAsk() throws Exception {
    SepCmaEs es = benchmarkStart(7, 5).build();
    runGenerations(es, 10, new Trace());
    double[][] asked = es.ask();
    SepCmaEsState pending =
        JSON.readValue(JSON.writeValueAsString(es.state()), SepCmaEsState.class);
    SepCmaEs resumed = SepCmaEs.restore(pending);
    assertThrows(IllegalStateException.class, () -> resumed.tell(asked, new double[asked.length]));
    double[][] replayed = resumed.ask();
    assertTrue(bitwiseEqual(asked, replayed));
    double[] f = new double[asked.length];
    for (int k = 0; k < f.length; k++) {
      f[k] = TestFunctions.ellipsoid(asked[k]);
    }
    es.tell(asked, f);
    resumed.tell(replayed, f);
    assertEquals(es.state(), resumed.state());
  }

  @Test
  void freshStateRoundTripsWithNoBestYet() throws Exception {
    SepCmaEs es =
        SepCmaEs.builder()
            .dimension(4)
            .sigma(0.3)
            .seed(-7)
            .populationSize(6)
            .objective(Objective.MAXIMIZE)
            .build();
    SepCmaEsState state = es.state();
    assertNull(state.bestCandidate());
    assertTrue(Double.isNaN(state.bestFitness()));
    String json = JSON.writeValueAsString(state);
    SepCmaEsState read = JSON.readValue(json, SepCmaEsState.class);
    assertEquals(state, read);
    SepCmaEs resumed = SepCmaEs.restore(read);
    assertEquals(Objective.MAXIMIZE, resumed.objective());
    assertEquals(6, resumed.populationSize());
    assertTrue(bitwiseEqual(es.ask(), resumed.ask()));
  }

  @Test
  void snapshotIsImmutable() {
    SepCmaEs es = benchmarkStart(3, 1).build();
    runGenerations(es, 3, new Trace());
    SepCmaEsState state = es.state();
    double[] mean = state.mean();
    mean[0] = 42;
    assertArrayEquals(es.mean(), state.mean());
    runGenerations(es, 4, new Trace());
    assertEquals(3, state.generation());
    assertEquals(3, SepCmaEs.restore(state).generation());
  }

  @Test
  void invalidStatesAreRejected() throws Exception {
    SepCmaEsState good = benchmarkStart(3, 1).build().state();
    String json = JSON.writeValueAsString(good);
    assertTrue(json.contains("\"version\":2"), json);
    ValueInstantiationException v1 = assertThrows(
        ValueInstantiationException.class,
        () -> JSON.readValue(json.replace("\"version\":2", "\"version\":1"), SepCmaEsState.class));
    assertTrue(v1.getMessage().contains("unsupported sep-CMA-ES state version 1"), v1.getMessage());
    SepCmaEsConfig config = good.config();
    IllegalArgumentException zeroVariance = assertThrows(
        IllegalArgumentException.class,
        () -> new SepCmaEsState(SepCmaEs.STATE_VERSION, config, 1.0, new double[3], new double[] {1, 0, 1},
            new double[3], new double[3], 0, 0, null, Double.NaN, 0, new double[0], Double.NaN, good.rng()));
    assertEquals("diagC[1] must be positive, got 0.0", zeroVariance.getMessage());
    IllegalArgumentException shortMean = assertThrows(
        IllegalArgumentException.class,
        () -> new SepCmaEsState(SepCmaEs.STATE_VERSION, config, 1.0, new double[2], new double[] {1, 1, 1},
            new double[3], new double[3], 0, 0, null, Double.NaN, 0, new double[0], Double.NaN, good.rng()));
    assertEquals("mean has length 2, expected 3", shortMean.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new SepCmaEsState(SepCmaEs.STATE_VERSION, config, 1.0, new double[3], new double[] {1, 1, 1},
            new double[3], new double[3], 0, 0, null, Double.NaN, 0, new double[] {1.0}, Double.NaN, good.rng()),
        "a fitness history longer than the generations told");
  }

  /** Every option that changes a run survives the round trip: constants, parents, bounds, policy, criteria. */
  @Test
  void configuredRunRestartsBitForBit() throws Exception {
    Supplier<SepCmaEs> fresh = () -> SepCmaEs.builder()
        .initialMean(new double[] {0.5, -0.5, 0.2, 0.9, -0.1, 0.3})
        .sigma(0.4)
        .populationSize(10)
        .parents(4)
        .weighting(Weighting.EQUAL)
        .constants(StrategyConstants.CMAES_SEPCMA)
        .mirrored(true)
        .bounds(BoxBounds.uniform(6, -1.0, 1.0))
        .nonFinitePolicy(NonFinitePolicy.WORST)
        .stopCriteria(StopCriteria.defaults().withTolFun(1e-3))
        .seed(77)
        .objective(Objective.MINIMIZE)
        .build();
    ToDoubleFunction<double[]> f = x -> x[0] > 0.95 ? Double.NaN : TestFunctions.sphere(x);
    int k = 15;
    int total = 120;
    Trace uninterrupted = new Trace();
    List<List<StopReason>> reasons = new ArrayList<>();
    SepCmaEs whole = fresh.get();
    for (int g = 0; g < total; g++) {
      step(whole, f, uninterrupted);
      reasons.add(whole.stopReasons());
    }
    SepCmaEs first = fresh.get();
    for (int g = 0; g < k; g++) {
      step(first, f, new Trace());
    }
    SepCmaEs resumed = SepCmaEs.restore(
        JSON.readValue(JSON.writeValueAsString(first.state()), SepCmaEsState.class));
    assertEquals(first.config(), resumed.config());
    Trace continued = new Trace();
    for (int g = k; g < total; g++) {
      step(resumed, f, continued);
      assertEquals(reasons.get(g), resumed.stopReasons(), "stop reasons after generation " + (g + 1));
      assertTrue(bitwiseEqual(uninterrupted.candidates().get(g), continued.candidates().get(g - k)),
          "candidates of generation " + (g + 1));
      assertTrue(bitwiseEqual(uninterrupted.means().get(g), continued.means().get(g - k)),
          "mean after generation " + (g + 1));
    }
    assertEquals(whole.state(), resumed.state());
    assertTrue(whole.nonFiniteFitnessCount() > 0, "the test function should have produced NaN fitness");
    assertTrue(reasons.get(total - 1).contains(StopReason.TOL_FUN), "tolFun 1e-3 should hold by generation 120: "
        + reasons.get(total - 1));
  }

  private static void step(SepCmaEs es, ToDoubleFunction<double[]> f, Trace trace) {
    double[][] c = es.ask();
    double[] fitness = new double[c.length];
    for (int i = 0; i < c.length; i++) {
      fitness[i] = f.applyAsDouble(c[i]);
    }
    es.tell(c, fitness);
    trace.candidates().add(c);
    trace.means().add(es.mean());
  }

  @Test
  void ipopRestartsFromJsonContinueBitForBit() throws Exception {
    Supplier<IpopSepCmaEs> fresh = () -> IpopSepCmaEs.of(benchmarkStart(5, 11)
        .stopCriteria(StopCriteria.defaults().withTolFun(1e-4).withMaxEvaluations(4_000L))
        .build(), 3, 2.0);
    ToDoubleFunction<double[]> rastrigin = x -> {
      double s = 10.0 * x.length;
      for (double v : x) {
        s += v * v - 10.0 * Math.cos(2 * Math.PI * v);
      }
      return s;
    };
    IpopSepCmaEs whole = fresh.get();
    List<double[]> means = new ArrayList<>();
    List<Integer> restarts = new ArrayList<>();
    while (!whole.shouldStop()) {
      ipopStep(whole, rastrigin);
      means.add(whole.current().mean());
      restarts.add(whole.restarts());
    }
    assertTrue(whole.restarts() >= 1, "rastrigin with tolFun 1e-4 should need a restart, got " + whole.restarts());
    int k = restarts.indexOf(1) + 3;
    IpopSepCmaEs first = fresh.get();
    for (int g = 0; g < k; g++) {
      ipopStep(first, rastrigin);
    }
    IpopSepCmaEs resumed = IpopSepCmaEs.restore(
        JSON.readValue(JSON.writeValueAsString(first.state()), IpopState.class));
    for (int g = k; g < means.size(); g++) {
      ipopStep(resumed, rastrigin);
      assertTrue(bitwiseEqual(means.get(g), resumed.current().mean()), "mean after generation " + (g + 1));
      assertEquals(restarts.get(g), resumed.restarts());
    }
    assertTrue(resumed.shouldStop());
    assertEquals(whole.state(), resumed.state());
    assertEquals(whole.evaluations(), resumed.evaluations());
  }

  private static void ipopStep(IpopSepCmaEs es, ToDoubleFunction<double[]> f) {
    double[][] c = es.ask();
    double[] fitness = new double[c.length];
    for (int i = 0; i < c.length; i++) {
      fitness[i] = f.applyAsDouble(c[i]);
    }
    es.tell(c, fitness);
  }

  private static boolean bitwiseEqual(double[] a, double[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean bitwiseEqual(double[][] a, double[][] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (!bitwiseEqual(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }
}
