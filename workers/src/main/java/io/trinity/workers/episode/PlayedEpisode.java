package io.trinity.workers.episode;

import io.trinity.workers.transcript.Transcript;
import java.util.List;

/**
 * An episode played to its end, not graded: the final transcript, every answered turn with its usage and every
 * failed turn, in order, and whether a failed turn ended it ({@link TurnErrors#END_EPISODE}: its reward is 0).
 */
public record PlayedEpisode(Transcript transcript, List<PlayedTurn> turns, List<FailedTurn> failedTurns,
    boolean endedByFailure) {
  public PlayedEpisode {
    turns = List.copyOf(turns);
    failedTurns = List.copyOf(failedTurns);
  }

  public PlayedEpisode(Transcript transcript, List<PlayedTurn> turns) {
    this(transcript, turns, List.of(), false);
  }

  /** The latest Worker reply, or the last reply when no Worker spoke (see {@link Transcript#finalAnswer()}). */
  public String finalAnswer() {
    return transcript.finalAnswer();
  }

  public boolean acceptedByVerifier() {
    return transcript.acceptedByVerifier();
  }
}
