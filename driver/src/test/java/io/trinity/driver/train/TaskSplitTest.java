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
    TaskSplit split = TaskSplit.of(tasks, 0.5, 42);
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
    assertArrayEquals(TaskSplit.of(tasks, 0.3, 7).heldOut(), TaskSplit.of(tasks, 0.3, 7).heldOut());
    assertFalse(Arrays.equals(TaskSplit.of(tasks, 0.3, 7).heldOut(), TaskSplit.of(tasks, 0.3, 8).heldOut()));
  }

  @Test
  void generationQueriesAreDistinctTrainingTasksAndReproducible() {
    TaskSplit split = TaskSplit.of(tasks, 0.5, 42);
    Set<Integer> train = Arrays.stream(split.train()).boxed().collect(Collectors.toSet());
    int[] first = split.queriesFor(42, 3, 16);
    assertEquals(16, new HashSet<>(Arrays.stream(first).boxed().toList()).size());
    assertTrue(Arrays.stream(first).allMatch(train::contains));
    assertArrayEquals(first, split.queriesFor(42, 3, 16));
    assertFalse(Arrays.equals(first, split.queriesFor(42, 4, 16)));
  }
}
