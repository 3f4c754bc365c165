package io.trinity.driver.train;

import io.trinity.workers.head.HeadShape;
import java.io.Serializable;

/**
 * What every task of one evaluation round needs: the heads' parameters and the sample index that, with each
 * task and decision prefix, seeds the round's LLM calls. Broadcast once per round.
 */
public record EvaluationPlan(int sampleIndex, HeadShape shape, float[][] heads) implements Serializable {}
