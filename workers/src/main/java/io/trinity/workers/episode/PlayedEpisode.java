package io.trinity.workers.episode;

import io.trinity.workers.transcript.Transcript;
import java.util.List;

/** An episode played to its end, not graded: the final transcript and every turn with its usage, in order. */
public record PlayedEpisode(Transcript transcript, List<PlayedTurn> turns) {
  public PlayedEpisode {
    turns = List.copyOf(turns);
  }

  /** The latest Worker reply, or the last reply when no Worker spoke (see {@link Transcript#finalAnswer()}). */
  public String finalAnswer() {
    return transcript.finalAnswer();
  }

  public boolean acceptedByVerifier() {
    return transcript.acceptedByVerifier();
  }
}
