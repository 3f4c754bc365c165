package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.task.Task;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TaskSplitTest {
  private final List<Task> tasks = DemoTasks.load();

  @Test
  void splitIsDisjointCompleteAndStratified() {
    TaskSplit split = TaskSplit.of(tasks, 0.5, 0.0, 42);
    Set<Integer> train = Arrays.stream(split.train()).boxed().collect(Collectors.toSet());
    Set<Integer> held = Arrays.stream(split.heldOut()).boxed().collect(Collectors.toSet());
    assertTrue(train.stream().noneMatch(held::contains));
    assertEquals(tasks.size(), train.size() + held.size());
    Map<String, Long> heldByCategory = held.stream()
        .collect(Collectors.groupingBy(i -> tasks.get(i).category(), Collectors.counting()));
    Map<String, Long> allByCategory = tasks.stream()
        .collect(Collectors.groupingBy(Task::category, Collectors.counting()));
    allByCategory.forEach((category, count) ->
        assertEquals(Math.round(count * 0.5), heldByCategory.get(category), category));
  }

  @Test
  void splitDependsOnSeedOnly() {
    assertArrayEquals(TaskSplit.of(tasks, 0.3, 0.0, 7).heldOut(), TaskSplit.of(tasks, 0.3, 0.0, 7).heldOut());
    assertFalse(Arrays.equals(TaskSplit.of(tasks, 0.3, 0.0, 7).heldOut(),
        TaskSplit.of(tasks, 0.3, 0.0, 8).heldOut()));
  }

  @Test
  void generationQueriesAreDistinctTrainingTasksAndReproducible() {
    TaskSplit split = TaskSplit.of(tasks, 0.5, 0.0, 42);
    Set<Integer> train = Arrays.stream(split.train()).boxed().collect(Collectors.toSet());
    int[] first = split.tasksFor(42, 3, 16);
    assertEquals(16, new HashSet<>(Arrays.stream(first).boxed().toList()).size());
    assertTrue(Arrays.stream(first).allMatch(train::contains));
    assertArrayEquals(first, split.tasksFor(42, 3, 16));
    assertFalse(Arrays.equals(first, split.tasksFor(42, 4, 16)));
  }

  @Test
  void validationComesOutOfWhatTheHeldOutPartLeaves() {
    TaskSplit split = TaskSplit.of(tasks, 0.5, 0.25, 42);
    assertCounts(split, 408, 102, 306, 30, 12);
    Set<Integer> seen = new HashSet<>();
    for (int[] part : new int[][] {split.train(), split.validation(), split.heldOut()}) {
      for (int i : part) {
        assertTrue(seen.add(i), "task " + i + " is in two parts");
      }
    }
    assertArrayEquals(TaskSplit.of(tasks, 0.5, 0.0, 42).heldOut(), split.heldOut(),
        "adding validation leaves the held-out part as it was");
  }

  @Test
  void theDemoSizeTrainingPinsKeepItsHeldOutAndValidationCounts() {
    // driver/bench/demo-training.sh pins these two fractions so that its "demo-size training" plays the 204
    // held-out and 51 validation questions it was timed with on the 408-question set, now that the set is 816.
    assertCounts(TaskSplit.of(tasks, 0.25, 0.083, 42), 204, 51, 561, 15, 6);
  }

  /** The parts' sizes, and validation's share of each category: {@code perBenchmark} of each non-code one. */
  private void assertCounts(TaskSplit split, int heldOut, int validation, int train, long perBenchmark, long code) {
    assertEquals(heldOut, split.heldOut().length);
    assertEquals(validation, split.validation().length);
    assertEquals(train, split.train().length);
    Map<String, Long> byCategory = Arrays.stream(split.validation()).boxed()
        .collect(Collectors.groupingBy(i -> tasks.get(i).category(), Collectors.counting()));
    assertEquals(Map.of("gsm8k", perBenchmark, "math", perBenchmark, "mmlu", perBenchmark, "code", code), byCategory);
  }
}
