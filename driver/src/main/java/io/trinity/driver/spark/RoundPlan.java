package io.trinity.driver.spark;

import io.trinity.workers.episode.Sampling;
import java.io.Serializable;

/**
 * What every Spark task of a round needs: the policies it plays, the samples their calls draw, and whether results
 * carry their transcripts. Broadcast once.
 */
public record RoundPlan(Sampling sampling, PolicySpec[] policies, boolean transcripts) implements Serializable {}
