package io.trinity.workers.episode;

import io.trinity.workers.head.Decision;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.Transcript;
import java.util.SplittableRandom;

/**
 * A baseline with no learning: every turn's model and role drawn uniformly. The draw is a function of the seed,
 * the question and the turn, so a question gets the same route in every run and on every executor, and two seeds
 * give two independent routers.
 */
public record RandomRouterPolicy(int models, long seed) implements Policy {
  private static final Role[] ROLES = Role.values();

  public RandomRouterPolicy {
    if (models < 1) {
      throw new IllegalArgumentException("a random router needs at least one model, got " + models);
    }
  }

  @Override
  public Decision decide(Transcript transcript) {
    long question = transcript.prompt().hashCode() * 0x9E3779B97F4A7C15L;
    SplittableRandom random = new SplittableRandom(seed ^ question ^ (transcript.turns().size() + 1L) << 32);
    return new Decision(random.nextInt(models), ROLES[random.nextInt(ROLES.length)]);
  }
}
