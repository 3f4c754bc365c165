package io.trinity.workers.coordinator;

import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.transcript.RolePrompts;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Everything a coordinator is but its candidate vector: the pool models in the order of the head's model logits,
 * the encoder, the vector's layout, the role prompts and the episode settings. Training shares one spec among all
 * candidates; an export writes it down and its reader rebuilds it. Plain values, so it crosses Spark's wire.
 */
public record CoordinatorSpec(String[] models, EncoderSpec encoder, CandidateLayout layout, RolePrompts prompts,
    EpisodeSettings settings) implements Serializable {
  public CoordinatorSpec {
    models = models.clone();
    if (models.length != layout.shape().models()) {
      throw new IllegalArgumentException(models.length + " models " + Arrays.toString(models) + " for a head of "
          + layout.shape().models() + " model logits");
    }
    if (encoder instanceof EncoderSpec.Qwen3 qwen3 && !Arrays.equals(qwen3.svf(), layout.svfTargets())) {
      throw new IllegalArgumentException("the encoder's SVF targets " + Arrays.toString(qwen3.svf())
          + " differ from the candidate layout's " + Arrays.toString(layout.svfTargets()));
    }
    if (encoder instanceof EncoderSpec.Hashing hashing && (hashing.dimension() != layout.shape().dimension()
        || layout.hasSvf())) {
      throw new IllegalArgumentException("a hashing encoder of dimension " + hashing.dimension()
          + " cannot feed " + layout);
    }
  }

  public List<String> modelList() {
    return List.of(models);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CoordinatorSpec that && Arrays.equals(models, that.models)
        && encoder.key().equals(that.encoder.key()) && layout.equals(that.layout) && prompts.equals(that.prompts)
        && settings.equals(that.settings);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(models) * 31 + encoder.key().hashCode() * 17 + layout.hashCode() + settings.hashCode();
  }

  @Override
  public String toString() {
    return "coordinator of " + Arrays.toString(models) + " reading " + encoder.key().replace('\n', ' ') + " with a "
        + layout + ", " + settings;
  }
}
