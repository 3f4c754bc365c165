package io.trinity.driver.train;

import io.trinity.workers.episode.EpisodeResult;
import io.trinity.workers.transcript.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How often each model and each role was chosen on one category's tasks in a generation (the Trinity paper's
 * Figure 7 counts): every model of the pool and every role is listed, unchosen ones with 0, so that lines of one
 * run have the same keys and a share is a plain division.
 */
public record CategorySelections(Map<String, Integer> models, Map<String, Integer> roles) {

  /**
   * The episodes' turn decisions per task category, categories sorted by name (the file is compared across runs, so
   * its order must not depend on which task came first).
   */
  public static Map<String, CategorySelections> of(List<EpisodeResult> episodes, List<String> models) {
    Map<String, CategorySelections> byCategory = new TreeMap<>();
    for (EpisodeResult episode : episodes) {
      CategorySelections counts = byCategory.computeIfAbsent(episode.category(), c -> empty(models));
      for (int model : episode.models()) {
        counts.models.merge(models.get(model), 1, Integer::sum);
      }
      for (int role : episode.roles()) {
        counts.roles.merge(Role.values()[role].title(), 1, Integer::sum);
      }
    }
    return byCategory;
  }

  private static CategorySelections empty(List<String> models) {
    Map<String, Integer> modelCounts = new LinkedHashMap<>();
    models.forEach(m -> modelCounts.put(m, 0));
    Map<String, Integer> roleCounts = new LinkedHashMap<>();
    for (Role role : Role.values()) {
      roleCounts.put(role.title(), 0);
    }
    return new CategorySelections(modelCounts, roleCounts);
  }
}
