package io.trinity.driver.spark;

import java.io.Serializable;

/**
 * Which episode of a round: the index of its policy in the round's plan and of its task in the job's tasks. A
 * round plays each key once and counts it once, even if a retried or speculative Spark task delivers it twice.
 */
public record EpisodeKey(int policy, int task) implements Serializable {}
