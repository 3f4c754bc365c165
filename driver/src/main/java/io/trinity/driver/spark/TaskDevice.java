package io.trinity.driver.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * Where one Spark task of a round ran: its partition ({@code sparkTask}), the executor and host, and the GPU
 * addresses Spark assigned to it ({@code spark.task.resource.gpu.amount}; empty without GPU scheduling). A Qwen3
 * encoder runs on the first address of the task that built it in that executor JVM ({@link SparkDevices}); the
 * hashing encoder uses no device. Serializable because accumulator updates travel with Java serialization.
 */
public record TaskDevice(int sparkTask, String executor, String host, List<String> gpus) implements Serializable {
  public TaskDevice {
    gpus = gpus == null ? List.of() : List.copyOf(gpus);
  }

  /** The running task's record (from an executor, or the driver in local mode). */
  static TaskDevice current() {
    TaskContext task = TaskContext.get();
    SparkEnv env = SparkEnv.get();
    return of(task.partitionId(), env.executorId(), env.blockManager().blockManagerId().host(),
        task.resourcesJMap());
  }

  static TaskDevice of(int sparkTask, String executor, String host, Map<String, ResourceInformation> resources) {
    ResourceInformation gpu = resources.get("gpu");
    return new TaskDevice(sparkTask, executor, host, gpu == null ? List.of()
        : List.of(gpu.addresses()).stream().map(String::trim).toList());
  }
}
