package io.trinity.workers.episode;

import io.trinity.workers.head.Decision;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.Transcript;

/** A baseline: one pool model answers alone, as Worker, every turn. */
public record SingleModelPolicy(int model) implements Policy {
  @Override
  public Decision decide(Transcript transcript) {
    return new Decision(model, Role.WORKER);
  }
}
