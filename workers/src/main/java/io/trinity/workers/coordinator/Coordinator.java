package io.trinity.workers.coordinator;

import io.trinity.fitness.task.Task;
import io.trinity.workers.encode.Encoder;
import io.trinity.workers.episode.Episode;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.episode.Policy;
import io.trinity.workers.episode.Sampling;
import io.trinity.workers.head.Decision;
import io.trinity.workers.head.Head;
import io.trinity.workers.head.Ranking;
import io.trinity.workers.transcript.RolePrompts;
import io.trinity.workers.transcript.Transcript;
import java.util.List;

/**
 * A Trinity coordinator: at every turn it encodes the whole transcript and its head picks the model and role. It
 * plays its episodes with its role prompts and settings. Training builds one per candidate vector over a shared
 * encoder; evaluation and serving build one from an export ({@code io.trinity.workers.export}).
 */
public final class Coordinator implements Policy {
  private final CoordinatorSpec spec;
  private final Encoder encoder;
  private final Head head;

  private Coordinator(CoordinatorSpec spec, Encoder encoder, Head head) {
    this.spec = spec;
    this.encoder = encoder;
    this.head = head;
  }

  /**
   * The coordinator of one candidate vector: its head wraps the vector without copying, and with SVF it reads
   * through {@code shared} as the candidate's scales change it. {@code shared} must be the encoder the spec
   * describes; the vector must not change afterwards.
   */
  public static Coordinator of(CoordinatorSpec spec, float[] candidate, Encoder shared) {
    CandidateLayout layout = spec.layout();
    layout.requireLength(candidate);
    if (shared.dimension() != layout.shape().dimension()) {
      throw new IllegalArgumentException("encoder " + shared.name() + " gives d = " + shared.dimension() + ", the "
          + layout + " reads d = " + layout.shape().dimension());
    }
    if (!shared.svfTargets().equals(layout.svfTargetList())) {
      throw new IllegalArgumentException("encoder " + shared.name() + " has SVF targets " + shared.svfTargets()
          + ", the candidates scale " + layout.svfTargetList());
    }
    Encoder view = layout.hasSvf() ? shared.withSvfScales(layout.svfScales(candidate)) : shared;
    return new Coordinator(spec, view, layout.head(candidate));
  }

  @Override
  public Decision decide(Transcript transcript) {
    return head.decide(encoder.encode(transcript));
  }

  @Override
  public Ranking rank(Transcript transcript) {
    return head.rank(encoder.encode(transcript));
  }

  /** One episode of this coordinator on {@code task}, drawing {@code sampling}'s samples. */
  public Episode episode(Task task, Sampling sampling) {
    return new Episode(task, this, spec.prompts(), spec.settings(), sampling);
  }

  public CoordinatorSpec spec() {
    return spec;
  }

  /** The pool models in the order of the head's model logits. */
  public List<String> models() {
    return spec.modelList();
  }

  public RolePrompts prompts() {
    return spec.prompts();
  }

  public EpisodeSettings settings() {
    return spec.settings();
  }
}
