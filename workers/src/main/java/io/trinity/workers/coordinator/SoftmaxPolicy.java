package io.trinity.workers.coordinator;

import io.trinity.workers.encode.Encoder;
import io.trinity.workers.episode.Policy;
import io.trinity.workers.head.Decision;
import io.trinity.workers.head.Head;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.Transcript;
import java.util.SplittableRandom;

/**
 * A coordinator that samples its decisions instead of taking the argmax: the model from the softmax of the head's
 * model logits, the role from the softmax of its role logits, independently. It sums the score function
 * {@code grad log pi(model, role | h)} over the turns it decides, which is what REINFORCE needs from an episode.
 * A turn that failed and was skipped ({@code episode.on_turn_error: continue}) counts too: its decision was drawn
 * from the policy and spent the turn, so it is part of the episode's likelihood, and leaving it out would bias the
 * estimate (with a baseline, towards the models that fail: see {@code EpisodeTurnErrorsTest}).
 *
 * <p>One instance per episode: the sum belongs to that episode, and its random stream (from {@code seed}) makes
 * the episode's decisions a pure function of the seed and the replies, so an episode played again decides alike.
 * The turns of one episode are decided one after another, never concurrently, so the state needs no lock.
 */
public final class SoftmaxPolicy implements Policy {
  private static final Role[] ROLES = Role.values();
  private final Encoder encoder;
  private final Head head;
  private final int models;
  private final int parameterCount;
  private final SplittableRandom random;
  private double[] scoreGradient;
  private int decisions;

  /**
   * {@code parameterCount} is the length of the candidate vector the head wraps: the gradient is indexed as it is
   * (entries of SVF scales, which the head does not read, stay 0).
   */
  public SoftmaxPolicy(Encoder encoder, Head head, int models, int parameterCount, long seed) {
    this.encoder = encoder;
    this.head = head;
    this.models = models;
    this.parameterCount = parameterCount;
    this.random = new SplittableRandom(seed);
  }

  /** The coordinator's candidate {@code vector}, sampling with {@code seed}. */
  public static SoftmaxPolicy of(CoordinatorSpec spec, float[] vector, Encoder shared, long seed) {
    CandidateLayout layout = spec.layout();
    if (layout.hasSvf()) {
      throw new IllegalArgumentException("sampled decisions need a head without SVF scales: their gradient runs "
          + "through the encoder, which REINFORCE here does not differentiate");
    }
    layout.requireLength(vector);
    return new SoftmaxPolicy(shared, layout.head(vector), spec.modelList().size(), layout.parameterCount(), seed);
  }

  @Override
  public Decision decide(Transcript transcript) {
    float[] h = encoder.encode(transcript);
    float[] logits = head.logits(h);
    double[] dLogits = new double[models + HeadShape.ROLES];
    int model = sample(logits, 0, models, dLogits);
    int role = sample(logits, models, HeadShape.ROLES, dLogits);
    if (scoreGradient == null) {
      scoreGradient = new double[parameterCount];
    }
    head.addLogitsGradient(h, dLogits, scoreGradient);
    decisions++;
    return new Decision(model, ROLES[role]);
  }

  /**
   * Draws an index of {@code logits[from, from + length)} from their softmax, and writes d log p(drawn) / d logit
   * (one-hot minus the probabilities) into the same window of {@code dLogits}.
   */
  private int sample(float[] logits, int from, int length, double[] dLogits) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < length; i++) {
      max = Math.max(max, logits[from + i]);
    }
    double[] p = new double[length];
    double total = 0;
    for (int i = 0; i < length; i++) {
      p[i] = Math.exp(logits[from + i] - max);
      total += p[i];
    }
    double u = random.nextDouble() * total;
    int drawn = length - 1;
    double cumulative = 0;
    for (int i = 0; i < length; i++) {
      cumulative += p[i];
      if (u < cumulative) {
        drawn = i;
        break;
      }
    }
    for (int i = 0; i < length; i++) {
      dLogits[from + i] = (i == drawn ? 1 : 0) - p[i] / total;
    }
    return drawn;
  }

  /** The sum over the decided turns of grad log pi(decision | h); zeros before any decision. */
  public double[] scoreGradient() {
    return scoreGradient == null ? new double[parameterCount] : scoreGradient.clone();
  }

  /** How many turns this policy decided. */
  public int decisions() {
    return decisions;
  }
}
