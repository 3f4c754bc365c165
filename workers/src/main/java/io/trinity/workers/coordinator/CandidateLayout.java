package io.trinity.workers.coordinator;

import io.trinity.workers.head.Head;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.HeadType;
import io.trinity.workers.head.LinearHead;
import io.trinity.workers.head.LowRankHead;
import io.trinity.workers.head.ParameterLayout;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * What a candidate's flat parameter vector holds: the head's blocks first (linear or low-rank), then, with SVF, one
 * block of scales per SVF target named {@code svf.<tensor name>}, as many as the target has singular values. The
 * block names are the tensor names of the exported head, so optimiser vector, episodes and export agree by
 * construction. A record of plain values, so that it crosses Spark's wire without registrations of its own.
 *
 * @param rank the low-rank head's rank; 0 for the linear head
 */
public record CandidateLayout(HeadShape shape, HeadType head, int rank, String[] svfTargets, int[] svfRanks)
    implements Serializable {
  public static final String SVF_PREFIX = "svf.";

  public CandidateLayout {
    svfTargets = svfTargets.clone();
    svfRanks = svfRanks.clone();
    if (svfTargets.length != svfRanks.length) {
      throw new IllegalArgumentException(svfTargets.length + " SVF targets but " + svfRanks.length + " ranks");
    }
    if ((head == HeadType.LOW_RANK) != (rank > 0)) {
      throw new IllegalArgumentException("a rank goes with the low-rank head only, got " + head + " rank " + rank);
    }
  }

  /** A linear head without SVF. */
  public static CandidateLayout linear(HeadShape shape) {
    return new CandidateLayout(shape, HeadType.LINEAR, 0, new String[0], new int[0]);
  }

  /** The head's blocks alone. */
  public ParameterLayout headBlocks() {
    return head == HeadType.LOW_RANK ? LowRankHead.layout(shape.dimension(), shape.models(), rank)
        : LinearHead.layout(shape);
  }

  /** Every block of the vector: the head's, then the SVF scales'. */
  public ParameterLayout blocks() {
    ParameterLayout.Builder builder = ParameterLayout.builder();
    headBlocks().blocks().forEach(block -> builder.add(block.name(), block.shape()));
    for (int i = 0; i < svfRanks.length; i++) {
      builder.add(SVF_PREFIX + svfTargets[i], svfRanks[i]);
    }
    return builder.build();
  }

  public int parameterCount() {
    return headParameterCount() + Arrays.stream(svfRanks).sum();
  }

  public int headParameterCount() {
    return headBlocks().parameterCount();
  }

  public List<String> svfTargetList() {
    return List.of(svfTargets);
  }

  public boolean hasSvf() {
    return svfTargets.length > 0;
  }

  /** The optimiser's starting mean: a zero head and SVF scales of 1, which leave the model as it is. */
  public double[] initialMean() {
    double[] mean = new double[parameterCount()];
    Arrays.fill(mean, headParameterCount(), mean.length, 1.0);
    return mean;
  }

  /** The head of a candidate's vector, wrapping it without a copy; the vector must not change afterwards. */
  public Head head(float[] candidate) {
    requireLength(candidate);
    return head == HeadType.LOW_RANK ? new LowRankHead(shape.dimension(), shape.models(), rank, candidate, 0)
        : new LinearHead(shape, candidate, 0);
  }

  /** A candidate's SVF scales, all targets' blocks in target order, as the encoder takes them. */
  public float[] svfScales(float[] candidate) {
    requireLength(candidate);
    return Arrays.copyOfRange(candidate, headParameterCount(), candidate.length);
  }

  public void requireLength(float[] candidate) {
    if (candidate.length != parameterCount()) {
      throw new IllegalArgumentException("candidate vector has " + candidate.length + " values, the layout "
          + blocks().names() + " needs " + parameterCount());
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CandidateLayout that && shape.equals(that.shape) && head == that.head
        && rank == that.rank && Arrays.equals(svfTargets, that.svfTargets) && Arrays.equals(svfRanks, that.svfRanks);
  }

  @Override
  public int hashCode() {
    return shape.hashCode() * 31 + Arrays.hashCode(svfTargets) * 7 + Arrays.hashCode(svfRanks) + head.hashCode()
        + rank;
  }

  @Override
  public String toString() {
    return head.wireName() + " head" + (rank > 0 ? " of rank " + rank : "") + " (d = " + shape.dimension() + ", "
        + shape.models() + " models)" + (hasSvf() ? " with SVF of " + Arrays.toString(svfTargets) : "");
  }
}
