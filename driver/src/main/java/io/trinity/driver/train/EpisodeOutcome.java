package io.trinity.driver.train;

import io.trinity.workers.episode.EpisodeResult;
import java.io.Serializable;

/** An episode's result with the unit that produced it. */
public record EpisodeOutcome(EpisodeUnit unit, EpisodeResult result) implements Serializable {}
