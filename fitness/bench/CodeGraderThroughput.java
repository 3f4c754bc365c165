import io.trinity.fitness.grade.CodeGrader;
import io.trinity.fitness.grade.Grade;
import io.trinity.fitness.sandbox.IsolationPolicy;
import io.trinity.fitness.sandbox.Sandbox;
import io.trinity.fitness.task.Benchmark;
import io.trinity.fitness.task.Task;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Grades every HumanEval canonical solution ROUNDS times on all cores and prints throughput and latency.
 * Arguments: HUMANEVAL_JSONL_GZ [ROUNDS] [bubblewrap|rlimits_only].
 */
public final class CodeGraderThroughput {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        IsolationPolicy policy = args.length > 2 ? IsolationPolicy.valueOf(args[2].toUpperCase())
                : IsolationPolicy.BUBBLEWRAP;
        List<Task> tasks;
        try (InputStream in = Files.newInputStream(file)) {
            tasks = Benchmark.HUMANEVAL.load(in, file.toString());
        }
        Sandbox sandbox = Sandbox.builder().isolation(policy).build();
        CodeGrader grader = new CodeGrader(sandbox);
        ExecutorService pool = Executors.newFixedThreadPool(2 * sandbox.parallelism());
        System.out.printf("%d tasks x %d rounds, %s, %d sandbox slots, %d cores%n", tasks.size(), rounds,
                sandbox.isolation(), sandbox.parallelism(), Runtime.getRuntime().availableProcessors());
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            List<Future<long[]>> results = new ArrayList<>();
            for (Task task : tasks) {
                results.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    Grade grade = grader.grade(task, "```python\n" + task.gold() + "```");
                    return new long[] {grade.correct() ? 1 : 0, System.nanoTime() - t0};
                }));
            }
            long passed = 0;
            double[] latencies = new double[tasks.size()];
            for (int i = 0; i < results.size(); i++) {
                long[] r = results.get(i).get();
                passed += r[0];
                latencies[i] = r[1] / 1e6;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(latencies);
            System.out.printf("round %d: %d/%d passed in %.2f s = %.1f solutions/s; latency p50 %.0f ms, p95 %.0f ms,"
                    + " max %.0f ms%n", round, passed, tasks.size(), seconds, tasks.size() / seconds,
                    latencies[latencies.length / 2], latencies[(int) (latencies.length * 0.95)],
                    latencies[latencies.length - 1]);
        }
        pool.shutdown();
    }
}
