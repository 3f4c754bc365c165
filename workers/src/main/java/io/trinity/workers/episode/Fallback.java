package io.trinity.workers.episode;

/**
 * Whether a turn whose model failed goes on with the policy's next choice ({@link Policy#rank}) instead of
 * failing the episode. Asked after each failed call of a turn, with
 * that call's failure (unwrapped from its {@code CompletionException}).
 */
@FunctionalInterface
public interface Fallback {
  /**
   * Training and evaluation: a failed call fails the episode, so every episode is played as its policy decided
   * and the policy is asked only for its decision, never for a ranking.
   */
  Fallback NEVER = failure -> false;

  boolean tryNext(Throwable failure);
}
