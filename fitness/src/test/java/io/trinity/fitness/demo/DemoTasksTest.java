package io.trinity.fitness.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DemoTasksTest {

    private final List<Task> tasks = DemoTasks.load();

    @Test
    void has240TasksPerCategoryAnd96CodeTasksInStableOrder() {
        assertEquals(816, tasks.size());
        List<String> expectedIds = IntStream.range(0, 720)
                .mapToObj(i -> List.of("gsm8k", "math", "mmlu").get(i / 240) + "/" + (i % 240 + 1))
                .toList();
        assertEquals(expectedIds, tasks.subList(0, 720).stream().map(Task::id).toList());
        assertEquals("HumanEval/0", tasks.get(720).id());
        assertEquals("HumanEval/160", tasks.get(767).id());
        assertEquals(IntStream.rangeClosed(1, 48).mapToObj(i -> "mbpp/" + i).toList(),
                tasks.subList(768, 816).stream().map(Task::id).toList());
        assertEquals(tasks, DemoTasks.load());
    }

    @Test
    void categoriesBenchmarksAndFormatsAgree() {
        Map<String, AnswerFormat> formats = Map.of(
                "gsm8k", AnswerFormat.NUMBER, "math", AnswerFormat.MATH, "mmlu", AnswerFormat.CHOICE);
        for (Task task : tasks.subList(720, 816)) {
            assertEquals(DemoTasks.CODE_CATEGORY, task.category(), task.id());
            assertEquals(AnswerFormat.CODE, task.format(), task.id());
            assertTrue(Set.of("humaneval", "mbpp").contains(task.benchmark()), task.id());
            assertFalse(task.gold().isBlank(), task.id());
        }
        for (Task task : tasks.subList(0, 720)) {
            assertEquals(task.benchmark(), task.category(), task.id());
            assertEquals(formats.get(task.category()), task.format(), task.id());
            assertTrue(task.id().startsWith(task.category() + "/"), task.id());
        }
    }

    @Test
    void fieldsComeFromTheBundledRows() {
        Task first = tasks.get(0);
        assertTrue(first.prompt().startsWith("Janet\u2019s ducks lay 16 eggs per day."), first.prompt());
        assertEquals("18", first.gold());
        Task math = tasks.get(240);
        assertEquals("math/1", math.id());
        assertEquals("\\frac{14}{3}", math.gold());
        for (Task task : tasks.subList(480, 720)) {
            String[] lines = task.prompt().split("\n");
            assertTrue(lines.length >= 5, task.id());
            int n = lines.length;
            assertTrue(lines[n - 4].startsWith("A. ") && lines[n - 3].startsWith("B. ")
                    && lines[n - 2].startsWith("C. ") && lines[n - 1].startsWith("D. "), task.id());
            assertTrue(Set.of("A", "B", "C", "D").contains(task.gold()), task.id());
        }
    }

    @Test
    void promptsAreDistinctAndTheAttributionShipsWithTheData() {
        Set<String> prompts = tasks.stream().map(Task::prompt).collect(Collectors.toSet());
        assertEquals(816, prompts.size());
        assertNotNull(DemoTasks.class.getResource("ATTRIBUTION.md"));
        assertNotNull(DemoTasks.class.getResource("LICENSE-gsm8k"));
        assertNotNull(DemoTasks.class.getResource("LICENSE-humaneval"));
    }
}
