package io.trinity.driver.train;

import io.trinity.workers.head.HeadShape;
import java.io.Serializable;

/** What every task of one evaluation round needs: the candidates' head parameters. Broadcast once per round. */
public record EvaluationPlan(int generation, HeadShape shape, float[][] heads) implements Serializable {}
