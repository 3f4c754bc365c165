package io.trinity.driver.optimise;

import io.trinity.driver.es.SepCmaEs;
import io.trinity.driver.es.SepCmaEsState;

/** sep-CMA-ES behind the interface: the same calls, in the same order, as the loop made on it before. */
public final class SepCmaEsOptimiser implements Optimiser {
  private final SepCmaEs es;

  public SepCmaEsOptimiser(SepCmaEs es) {
    this.es = es;
  }

  @Override
  public String type() {
    return "sep_cma_es";
  }

  @Override
  public int generation() {
    return es.generation();
  }

  @Override
  public int populationSize() {
    return es.populationSize();
  }

  @Override
  public double[] mean() {
    return es.mean();
  }

  @Override
  public double sigma() {
    return es.sigma();
  }

  @Override
  public Candidates ask() {
    double[][] vectors = es.ask();
    return new Candidates.Shared(es.sampler(), vectors);
  }

  @Override
  public void tell(Candidates asked, Feedback feedback) {
    es.tell(((Candidates.Shared) asked).vectors(), feedback.fitness());
  }

  @Override
  public SepCmaEsState state() {
    return es.state();
  }
}
