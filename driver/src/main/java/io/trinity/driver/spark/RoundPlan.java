package io.trinity.driver.spark;

import io.trinity.workers.episode.Sampling;
import java.io.Serializable;

/**
 * What every Spark task of a round needs: the policies it plays, the samples their calls draw (one {@link Sampling}
 * per part of the round, {@code partOf} naming each policy's part), and whether results carry their transcripts:
 * all of them ({@code transcripts}), or only the episodes of {@code transcriptsOf} (a training run's episode log).
 * Broadcast once.
 */
public record RoundPlan(Sampling[] samplings, int[] partOf, PolicySpec[] policies, boolean transcripts,
    EpisodeKey[] transcriptsOf) implements Serializable {
  public RoundPlan {
    transcriptsOf = transcriptsOf == null ? new EpisodeKey[0] : transcriptsOf.clone();
    if (partOf.length != policies.length) {
      throw new IllegalArgumentException(partOf.length + " parts named for " + policies.length + " policies");
    }
    for (int part : partOf) {
      if (part < 0 || part >= samplings.length) {
        throw new IllegalArgumentException("part " + part + " of a round of " + samplings.length + " parts");
      }
    }
  }

  /** A round of one part: every policy draws from {@code sampling}. */
  public RoundPlan(Sampling sampling, PolicySpec[] policies, boolean transcripts, EpisodeKey[] transcriptsOf) {
    this(new Sampling[] {sampling}, new int[policies.length], policies, transcripts, transcriptsOf);
  }

  public RoundPlan(Sampling sampling, PolicySpec[] policies, boolean transcripts) {
    this(sampling, policies, transcripts, new EpisodeKey[0]);
  }

  /** The samples policy {@code policy}'s calls draw. */
  public Sampling sampling(int policy) {
    return samplings[partOf[policy]];
  }

  /** How many parts the round has. */
  public int parts() {
    return samplings.length;
  }
}
