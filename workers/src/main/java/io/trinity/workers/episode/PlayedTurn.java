package io.trinity.workers.episode;

import io.trinity.gateway.api.Usage;
import io.trinity.workers.head.Decision;
import io.trinity.workers.transcript.Turn;
import java.util.List;

/**
 * One answered turn: its number (1 for the first), the decision that was played, the turn as the transcript holds
 * it (model name, role, reply), the call's usage as the gateway reported it (zeros when the pool reported none),
 * and the calls that failed before this one answered: empty when the policy's choice answered, else the policy's
 * choice first and then each fallback that failed (see {@link Fallback}). Their usage is not counted: a failed
 * call returns none.
 */
public record PlayedTurn(int number, Decision decision, Turn turn, Usage usage, List<FailedCall> fallbackFrom) {
  public PlayedTurn {
    fallbackFrom = List.copyOf(fallbackFrom);
  }
}
