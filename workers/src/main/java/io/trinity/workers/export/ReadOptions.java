package io.trinity.workers.export;

import java.nio.file.Path;
import java.util.List;

/**
 * How strictly an export is read.
 *
 * @param modelDirectory where the Qwen3 snapshot is on this machine; null for the folder the head was trained with
 * @param poolModels the models the pool offers, every one of the head's must be among them; null to skip the check
 * @param allowPromptChange play a head trained with other role prompts with this build's prompts (with a warning)
 *     instead of refusing it
 */
public record ReadOptions(Path modelDirectory, List<String> poolModels, boolean allowPromptChange) {
  public ReadOptions {
    poolModels = poolModels == null ? null : List.copyOf(poolModels);
  }

  /** Every check, the snapshot where training had it, no pool check. */
  public static ReadOptions strict() {
    return new ReadOptions(null, null, false);
  }

  public ReadOptions withPool(List<String> models) {
    return new ReadOptions(modelDirectory, models, allowPromptChange);
  }

  public ReadOptions withModelDirectory(Path directory) {
    return new ReadOptions(directory, poolModels, allowPromptChange);
  }

  public ReadOptions allowingPromptChange() {
    return new ReadOptions(modelDirectory, poolModels, true);
  }
}
