package io.trinity.driver.train;

import io.trinity.driver.config.EncoderSection;
import io.trinity.workers.head.Head;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.LinearHead;
import io.trinity.workers.head.LowRankHead;
import io.trinity.workers.head.ParameterLayout;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * What a candidate's flat parameter vector holds: the head's blocks first (linear or low-rank), then, with SVF, one
 * block of scales per SVF target named {@code svf.<tensor name>}. The block names are the tensor names of the
 * exported head, so optimiser vector, episodes and export agree by construction.
 */
public final class CandidateLayout implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String SVF_PREFIX = "svf.";

  private final HeadShape shape;
  private final String head;
  private final int rank;
  private final List<String> svfTargets;
  private final ParameterLayout layout;
  private final int headParameters;

  private CandidateLayout(HeadShape shape, String head, int rank, List<String> svfTargets, int[] svfRanks) {
    if (svfTargets.size() != svfRanks.length) {
      throw new IllegalArgumentException(svfTargets.size() + " SVF targets but " + svfRanks.length + " ranks");
    }
    ParameterLayout headLayout = head.equals(EncoderSection.LOW_RANK)
        ? LowRankHead.layout(shape.dimension(), shape.models(), rank) : LinearHead.layout(shape);
    ParameterLayout.Builder builder = ParameterLayout.builder();
    headLayout.blocks().forEach(block -> builder.add(block.name(), block.shape()));
    for (int i = 0; i < svfRanks.length; i++) {
      builder.add(SVF_PREFIX + svfTargets.get(i), svfRanks[i]);
    }
    this.shape = shape;
    this.head = head;
    this.rank = rank;
    this.svfTargets = List.copyOf(svfTargets);
    this.layout = builder.build();
    this.headParameters = headLayout.parameterCount();
  }

  /** The layout the encoder section asks for, with the SVF targets' singular-value counts. */
  public static CandidateLayout of(EncoderSection encoder, HeadShape shape, int[] svfRanks) {
    return new CandidateLayout(shape, encoder.head(), encoder.rank() == null ? 0 : encoder.rank(),
        encoder.isQwen3() ? encoder.svf() : List.of(), svfRanks);
  }

  /** A linear head without SVF. */
  public static CandidateLayout linear(HeadShape shape) {
    return new CandidateLayout(shape, EncoderSection.LINEAR, 0, List.of(), new int[0]);
  }

  public HeadShape shape() {
    return shape;
  }

  /** {@code linear} or {@code low_rank}. */
  public String headType() {
    return head;
  }

  public ParameterLayout layout() {
    return layout;
  }

  public int parameterCount() {
    return layout.parameterCount();
  }

  public List<String> svfTargets() {
    return svfTargets;
  }

  public boolean hasSvf() {
    return !svfTargets.isEmpty();
  }

  /** The optimiser's starting mean: a zero head and SVF scales of 1, which leave the model as it is. */
  public double[] initialMean() {
    double[] mean = new double[parameterCount()];
    Arrays.fill(mean, headParameters, mean.length, 1.0);
    return mean;
  }

  /** The head of a candidate's vector. */
  public Head head(float[] parameters) {
    requireLength(parameters);
    float[] own = Arrays.copyOf(parameters, headParameters);
    return head.equals(EncoderSection.LOW_RANK) ? new LowRankHead(shape.dimension(), shape.models(), rank, own)
        : new LinearHead(shape, own);
  }

  /** A candidate's SVF scales, all targets' blocks in target order, as the encoder takes them. */
  public float[] svfScales(float[] parameters) {
    requireLength(parameters);
    return Arrays.copyOfRange(parameters, headParameters, parameters.length);
  }

  private void requireLength(float[] parameters) {
    if (parameters.length != parameterCount()) {
      throw new IllegalArgumentException("candidate vector has " + parameters.length + " values, the layout "
          + layout.names() + " needs " + parameterCount());
    }
  }
}
