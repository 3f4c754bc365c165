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
    assertThrows(
        ValueInstantiationException.class,
        () -> JSON.readValue(json.replace("\"version\":1", "\"version\":99"), SepCmaEsState.class));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SepCmaEsState(
                SepCmaEs.STATE_VERSION, 3, 7, false, Objective.MINIMIZE, 1.0, new double[3],
                new double[] {1, 0, 1}, new double[3], new double[3], 0, 0, null, Double.NaN,
                good.rng()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SepCmaEsState(
                SepCmaEs.STATE_VERSION, 3, 7, false, Objective.MINIMIZE, 1.0, new double[2],
                new double[] {1, 1, 1}, new double[3], new double[3], 0, 0, null, Double.NaN,
                good.rng()));
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
