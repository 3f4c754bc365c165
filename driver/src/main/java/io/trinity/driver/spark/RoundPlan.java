package io.trinity.driver.spark;

import io.trinity.workers.episode.Sampling;
import java.io.Serializable;

/**
 * What every Spark task of a round needs: the policies it plays, the samples their calls draw, and whether results
 * carry their transcripts: all of them ({@code transcripts}), or only the episodes of {@code transcriptsOf} (a
 * training run's episode log). Broadcast once.
 */
public record RoundPlan(Sampling sampling, PolicySpec[] policies, boolean transcripts, EpisodeKey[] transcriptsOf)
    implements Serializable {
  public RoundPlan {
    transcriptsOf = transcriptsOf == null ? new EpisodeKey[0] : transcriptsOf.clone();
  }

  public RoundPlan(Sampling sampling, PolicySpec[] policies, boolean transcripts) {
    this(sampling, policies, transcripts, new EpisodeKey[0]);
  }
}
