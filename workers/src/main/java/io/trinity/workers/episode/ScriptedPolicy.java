package io.trinity.workers.episode;

import io.trinity.workers.head.Decision;
import io.trinity.workers.transcript.Transcript;
import java.util.List;

/**
 * A hand-written workflow: turn t plays {@code script[t]}, whatever the replies say (an episode still ends early
 * when a Verifier accepts). Past the script's end the last decision repeats.
 */
public record ScriptedPolicy(List<Decision> script) implements Policy {
  public ScriptedPolicy {
    if (script.isEmpty()) {
      throw new IllegalArgumentException("a scripted policy needs at least one decision");
    }
    script = List.copyOf(script);
  }

  @Override
  public Decision decide(Transcript transcript) {
    return script.get(Math.min(transcript.turns().size(), script.size() - 1));
  }
}
