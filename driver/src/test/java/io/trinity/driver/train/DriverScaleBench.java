package io.trinity.driver.train;

import io.trinity.driver.config.SparkSection;
import io.trinity.driver.optimise.SepCmaEsOptimiser;
import io.trinity.driver.es.Objective;
import io.trinity.driver.es.SepCmaEs;
import io.trinity.driver.es.StopCriteria;
import io.trinity.driver.gateway.Spend;
import io.trinity.driver.io.RunDirectory;
import io.trinity.driver.spark.PolicySpec;
import io.trinity.driver.spark.RoundPlan;
import io.trinity.driver.spark.SparkContexts;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.episode.Sampling;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.HeadType;
import io.trinity.workers.transcript.RolePrompts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerInstance;
import scala.reflect.ClassTag$;

/**
 * The driver's own time per generation against the population size lambda and the dimension n, with the episodes
 * replaced by a trivial fitness (minus the squared norm of the candidate an executor reads from the broadcast), so
 * that what is left is the driver's work: ask, turning candidates into the round's policies and broadcasting them
 * (the real {@link RoundPlan}, through the job's Kryo set-up), the Spark job and its collect, tell, and the
 * checkpoint (the real {@link Checkpoint} JSON, written atomically through {@link RunDirectory}).
 *
 * <p>The head is the linear head over a hashing encoder of d buckets and 4 models, so n = 7d. In local mode an
 * executor gets the driver's own object from the block manager, so the bytes an executor would fetch and its time
 * to deserialize them are measured apart: the plan is serialized and deserialized once with Spark's serializer.
 * The round ships either every candidate ({@code candidates}) or the optimiser's sampler, from which executors draw
 * their candidates again ({@code sampled}, as training does).
 * Usage: {@code DriverScaleBench candidates|sampled LAMBDAS DIMENSIONS GENERATIONS MAX_LAMBDA_TIMES_N} (lists
 * comma-separated).
 */
public final class DriverScaleBench {
  private static final String[] MODELS = {"m0", "m1", "m2", "m3"};
  private static final int TASKS_PER_GENERATION = 16;

  private DriverScaleBench() {}

  /** One generation's timings in milliseconds, and the sizes in bytes. */
  private record Generation(double ask, double broadcast, double job, double tell, double checkpoint,
      long broadcastBytes, double deserialize, long checkpointBytes) {
    double total() {
      return ask + broadcast + job + tell + checkpoint;
    }
  }

  public static void main(String[] args) throws Exception {
    boolean sampled = switch (args[0]) {
      case "candidates" -> false;
      case "sampled" -> true;
      default -> throw new IllegalArgumentException("the first argument is candidates or sampled, not " + args[0]);
    };
    int[] lambdas = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
    int[] dimensions = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
    int generations = Integer.parseInt(args[3]);
    long maxProduct = Long.parseLong(args[4]);
    Path dir = Files.createTempDirectory("driver-scale");
    SparkSection section = new SparkSection("local[2]", "driver-scale-bench", 2,
        Map.of("spark.ui.enabled", "false"));
    System.out.println("| lambda | n | ask | policies + broadcast | job + collect | tell | checkpoint | total | "
        + "bytes broadcast | executor deserialize | checkpoint bytes |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    try (JavaSparkContext spark = SparkContexts.start(section)) {
      for (int target : dimensions) {
        int d = Math.max(1, Math.round(target / 7f));
        for (int lambda : lambdas) {
          long n = 7L * d;
          if (lambda * n > maxProduct) {
            System.out.printf(Locale.ROOT, "| %d | %,d | not run: lambda x n above %,d |%n", lambda, n, maxProduct);
            continue;
          }
          List<Generation> measured = cell(spark, lambda, d, generations, sampled, dir);
          System.out.println(row(lambda, (int) n, measured));
        }
      }
    }
  }

  private static List<Generation> cell(JavaSparkContext spark, int lambda, int d, int generations,
      boolean sampled, Path dir) throws Exception {
    CandidateLayout layout = new CandidateLayout(new HeadShape(d, MODELS.length), HeadType.LINEAR, 0,
        new String[0], new int[0]);
    CoordinatorSpec coordinator = new CoordinatorSpec(MODELS,
        new EncoderSpec.Hashing(d, new String[] {"shapes", "state"}, 0), layout, RolePrompts.CURRENT,
        new EpisodeSettings(3, 0.7, 256));
    int n = layout.parameterCount();
    SepCmaEs es = SepCmaEs.builder().dimension(n).initialMean(layout.initialMean()).sigma(0.5).seed(42)
        .populationSize(lambda).objective(Objective.MAXIMIZE).stopCriteria(StopCriteria.none()).build();
    RunDirectory run = RunDirectory.open(dir.resolve(lambda + "x" + n).toString(), new Configuration());
    SerializerInstance serializer = SparkEnv.get().serializer().newInstance();
    List<Generation> result = new ArrayList<>();
    // One generation more than measured: the first warms the JIT and Spark up.
    for (int g = 0; g <= generations; g++) {
      long t0 = System.nanoTime();
      double[] mean = es.mean();
      double[][] candidates = es.ask();
      long t1 = System.nanoTime();
      List<PolicySpec> policies = new ArrayList<>(lambda + 1);
      for (int k = 0; k < lambda; k++) {
        policies.add(sampled ? new PolicySpec.Sampled(coordinator, es.sampler(), k)
            : new PolicySpec.Candidate(coordinator, toFloats(candidates[k])));
      }
      policies.add(new PolicySpec.Candidate(coordinator, toFloats(mean)));
      RoundPlan plan = new RoundPlan(Sampling.training(g), policies.toArray(PolicySpec[]::new), false);
      Broadcast<RoundPlan> shared = spark.broadcast(plan);
      long t2 = System.nanoTime();
      // As a round: one element per (policy, task), each reading its policy's candidate from the broadcast.
      List<Integer> keys = IntStream.range(0, (lambda + 1) * TASKS_PER_GENERATION).boxed().toList();
      List<double[]> played = spark.parallelize(keys, 2).mapPartitions(partition -> {
        List<Double> rewards = new ArrayList<>();
        // A partition builds each of its policies once, as the real round does.
        Map<Integer, Double> byPolicy = new HashMap<>();
        partition.forEachRemaining(key -> {
          rewards.add((double) key);
          rewards.add(byPolicy.computeIfAbsent(key / TASKS_PER_GENERATION, p -> fitness(shared.value(), p)));
        });
        return List.of(rewards.stream().mapToDouble(Double::doubleValue).toArray()).iterator();
      }).collect();
      double[] fitness = new double[lambda];
      for (double[] pairs : played) {
        for (int i = 0; i < pairs.length; i += 2) {
          int policy = (int) pairs[i] / TASKS_PER_GENERATION;
          if (policy < lambda) {
            fitness[policy] += pairs[i + 1] / TASKS_PER_GENERATION;
          }
        }
      }
      shared.destroy();
      long t3 = System.nanoTime();
      es.tell(candidates, fitness);
      long t4 = System.nanoTime();
      String json = TrainingJob.JSON.writeValueAsString(new Checkpoint(Checkpoint.VERSION, "bench", 42,
          List.of(MODELS), n, null, Optimisers.state(new SepCmaEsOptimiser(es), TrainingJob.JSON),
          new Checkpoint.ValidatedHead(g, 0.5, es.mean()), Spend.ZERO, 0, null));
      run.writeString(Checkpoint.FILE, json);
      long t5 = System.nanoTime();

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (SerializationStream out = serializer.serializeStream(bytes)) {
        out.writeObject(plan, ClassTag$.MODULE$.apply(RoundPlan.class));
      }
      byte[] wire = bytes.toByteArray();
      long t6 = System.nanoTime();
      try (DeserializationStream in = serializer.deserializeStream(new ByteArrayInputStream(wire))) {
        RoundPlan back = in.readObject(ClassTag$.MODULE$.apply(RoundPlan.class));
        if (back.policies().length != lambda + 1) {
          throw new IllegalStateException("the plan came back with " + back.policies().length + " policies");
        }
      }
      long t7 = System.nanoTime();
      if (g > 0) {
        result.add(new Generation(ms(t0, t1), ms(t1, t2), ms(t2, t3), ms(t3, t4), ms(t4, t5), wire.length,
            ms(t6, t7), json.length()));
      }
    }
    return result;
  }

  private static double fitness(RoundPlan plan, int policy) {
    PolicySpec spec = plan.policies()[policy];
    float[] vector = spec instanceof PolicySpec.Sampled sampled ? sampled.vector()
        : ((PolicySpec.Candidate) spec).vector();
    double sum = 0;
    for (float v : vector) {
      sum += (double) v * v;
    }
    return -sum;
  }

  private static float[] toFloats(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }

  private static double ms(long from, long to) {
    return (to - from) / 1e6;
  }

  /** The median of each figure over the measured generations. */
  private static String row(int lambda, int n, List<Generation> measured) {
    return String.format(Locale.ROOT, "| %d | %,d | %s | %s | %s | %s | %s | %s | %s | %s | %s |", lambda, n,
        median(measured, Generation::ask), median(measured, Generation::broadcast), median(measured, Generation::job),
        median(measured, Generation::tell), median(measured, Generation::checkpoint),
        median(measured, Generation::total), megabytes(measured.get(0).broadcastBytes()),
        median(measured, Generation::deserialize), megabytes(measured.get(0).checkpointBytes()));
  }

  private static String median(List<Generation> measured, java.util.function.ToDoubleFunction<Generation> figure) {
    double[] values = measured.stream().mapToDouble(figure).sorted().toArray();
    double median = values.length % 2 == 1 ? values[values.length / 2]
        : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    return median >= 100 ? String.format(Locale.ROOT, "%,.0f ms", median)
        : String.format(Locale.ROOT, "%.1f ms", median);
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
  }
}
