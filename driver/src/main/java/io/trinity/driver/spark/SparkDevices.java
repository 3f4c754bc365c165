package io.trinity.driver.spark;

import ai.djl.Device;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/** Where an executor's encoder runs: on the GPU Spark assigned to the task, else on the CPU. */
final class SparkDevices {
  private SparkDevices() {}

  /** The device for encoders built in the running task (the CPU outside a task). */
  static Device current() {
    TaskContext task = TaskContext.get();
    return device(task == null ? Map.of() : task.resourcesJMap());
  }

  /**
   * The first GPU Spark assigned to the task (spark.task.resource.gpu.amount), else the CPU. An encoder is built
   * once per JVM, so all its tasks share that GPU; one executor per GPU keeps them apart.
   */
  static Device device(Map<String, ResourceInformation> resources) {
    ResourceInformation gpu = resources.get("gpu");
    if (gpu == null || gpu.addresses().length == 0) {
      return Device.cpu();
    }
    return Device.gpu(Integer.parseInt(gpu.addresses()[0].trim()));
  }
}
