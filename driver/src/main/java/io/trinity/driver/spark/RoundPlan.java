package io.trinity.driver.spark;

import io.trinity.workers.episode.Sampling;
import java.io.Serializable;

/** What every Spark task of a round needs: the policies it plays and the samples their calls draw. Broadcast once. */
public record RoundPlan(Sampling sampling, PolicySpec[] policies) implements Serializable {}
