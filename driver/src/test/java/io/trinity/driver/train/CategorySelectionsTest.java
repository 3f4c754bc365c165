package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trinity.workers.episode.EpisodeResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-category counts of a metrics line are the episodes' turn decisions, split by their task's category. */
class CategorySelectionsTest {
  private static final List<String> MODELS = List.of("m0", "m1", "m2");

  @Test
  void countsEachTurnUnderItsEpisodesCategory() {
    // Roles by ordinal: 0 Thinker, 1 Worker, 2 Verifier.
    List<EpisodeResult> episodes = List.of(
        episode("t1", "mmlu", new int[] {1, 1, 2}, new int[] {0, 1, 2}),
        episode("t2", "math", new int[] {0}, new int[] {1}),
        episode("t3", "math", new int[] {0, 2}, new int[] {1, 2}),
        episode("t1", "mmlu", new int[] {1}, new int[] {1}));

    Map<String, CategorySelections> byCategory = CategorySelections.of(episodes, MODELS);

    assertEquals(List.of("math", "mmlu"), List.copyOf(byCategory.keySet()), "sorted by name, not by first seen");
    assertEquals(Map.of("m0", 2, "m1", 0, "m2", 1), byCategory.get("math").models());
    assertEquals(Map.of("Thinker", 0, "Worker", 2, "Verifier", 1), byCategory.get("math").roles());
    assertEquals(Map.of("m0", 0, "m1", 3, "m2", 1), byCategory.get("mmlu").models());
    assertEquals(Map.of("Thinker", 1, "Worker", 2, "Verifier", 1), byCategory.get("mmlu").roles());
    assertEquals(MODELS, List.copyOf(byCategory.get("math").models().keySet()), "the pool's order, zeros kept");
    assertEquals(List.of("Thinker", "Worker", "Verifier"), List.copyOf(byCategory.get("math").roles().keySet()));
  }

  @Test
  void failedTurnsAreNotChoices() {
    // A failed turn's model is in failedModels, not in models: it is a turn_failures entry, not a selection.
    EpisodeResult failed = new EpisodeResult("t", "gsm8k", 0, null, "no answer", new int[] {2}, new int[] {1},
        false, 2, 10, 10, 0.001, 5, null, new int[] {1}, new String[] {"empty_reply"});
    assertEquals(Map.of("m0", 0, "m1", 0, "m2", 1), CategorySelections.of(List.of(failed), MODELS).get("gsm8k")
        .models());
  }

  @Test
  void aLineWritesThemAsCategoryThenModelsAndRoles() throws Exception {
    Map<String, CategorySelections> byCategory = CategorySelections.of(
        List.of(episode("t", "math", new int[] {0, 2}, new int[] {1, 2})), MODELS);
    assertEquals("{\"math\":{\"models\":{\"m0\":1,\"m1\":0,\"m2\":1},\"roles\":{\"Thinker\":0,\"Worker\":1,"
        + "\"Verifier\":1}}}", TrainingJob.JSON.writeValueAsString(byCategory));
  }

  private static EpisodeResult episode(String task, String category, int[] models, int[] roles) {
    return new EpisodeResult(task, category, 1.0, "x", "right", models, roles, false, models.length, 100, 50,
        0.001, 10, null);
  }
}
