package io.trinity.driver.optimise;

/**
 * An optimiser of the head's parameter vector, asked once a generation for the policies to play and told how they
 * did. Whatever it is, a generation plays {@link #populationSize()} policies (plus its {@link #mean()}) on the
 * same tasks, so optimisers compare at equal budgets of episodes.
 */
public interface Optimiser {
  /** The config's name of this optimiser ({@code optimiser.type}). */
  String type();

  /** Generations told so far. */
  int generation();

  /** How many policies {@link #ask()} gives: lambda. */
  int populationSize();

  /**
   * The head the optimiser stands for now, played deterministically (argmax): the distribution's mean, random
   * search's incumbent, REINFORCE's parameters. It is scored on each generation's tasks, validated and exported.
   */
  double[] mean();

  /** What metrics.jsonl reports as {@code sigma}: the step size of the evolution strategies, a fixed scale else. */
  double sigma();

  /** This generation's policies. Exactly one {@link #tell} must follow before the next ask. */
  Candidates ask();

  /** How the asked policies did. */
  void tell(Candidates asked, Feedback feedback);

  /** Everything needed to continue bit for bit, as a Jackson-serialisable value. */
  Object state();
}
