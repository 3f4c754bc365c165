package io.trinity.driver.train;

import io.trinity.fitness.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The tasks of a run, split into training, validation and held-out indices (into {@link #tasks()}). The split is
 * seeded and per category, so every part holds every category in the same proportion. Validation takes its
 * fraction of what the held-out part leaves.
 */
public record TaskSplit(Task[] tasks, int[] train, int[] validation, int[] heldOut) {
  public static TaskSplit of(List<Task> tasks, double heldOutFraction, double validationFraction, long seed) {
    Map<String, List<Integer>> byCategory = new LinkedHashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      byCategory.computeIfAbsent(tasks.get(i).category(), c -> new ArrayList<>()).add(i);
    }
    Random random = new Random(seed ^ 0x5EED5EEDL);
    List<Integer> train = new ArrayList<>();
    List<Integer> validation = new ArrayList<>();
    List<Integer> heldOut = new ArrayList<>();
    for (List<Integer> indices : byCategory.values()) {
      Collections.shuffle(indices, random);
      int held = (int) Math.round(indices.size() * heldOutFraction);
      int validated = held + (int) Math.round((indices.size() - held) * validationFraction);
      heldOut.addAll(indices.subList(0, held));
      validation.addAll(indices.subList(held, validated));
      train.addAll(indices.subList(validated, indices.size()));
    }
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no training tasks left after holding out " + heldOutFraction
          + " of " + tasks.size() + " tasks");
    }
    return new TaskSplit(tasks.toArray(Task[]::new), sorted(train), sorted(validation), sorted(heldOut));
  }

  /** The m training tasks of a generation: distinct, drawn by a RNG seeded with (run seed, generation). */
  public int[] tasksFor(long seed, int generation, int m) {
    List<Integer> pool = new ArrayList<>(train.length);
    for (int index : train) {
      pool.add(index);
    }
    Collections.shuffle(pool, new Random(seed * 0x9E3779B97F4A7C15L + generation));
    int count = Math.min(m, pool.size());
    int[] picked = new int[count];
    for (int i = 0; i < count; i++) {
      picked[i] = pool.get(i);
    }
    return picked;
  }

  private static int[] sorted(List<Integer> indices) {
    return indices.stream().mapToInt(Integer::intValue).sorted().toArray();
  }
}
