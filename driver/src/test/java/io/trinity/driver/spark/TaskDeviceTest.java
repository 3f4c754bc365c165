package io.trinity.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.encode.Encoder;
import io.trinity.workers.encode.qwen3.Qwen3Config;
import io.trinity.workers.encode.qwen3.RandomCheckpoint;
import io.trinity.workers.head.Safetensors;
import io.trinity.workers.transcript.Transcript;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a Spark task records about its device, and what a Qwen3 encoder does with a GPU the natives cannot see. */
class TaskDeviceTest {
  private static final Qwen3Config TINY = new Qwen3Config(24, 2, 2, 1, 12, 40, 1e-6, 1e6, 280, true, "bfloat16");

  @TempDir
  Path dir;

  @Test
  void aTaskRecordsTheGpuAddressesSparkGaveIt() {
    TaskDevice gpu = TaskDevice.of(3, "1", "10.0.0.7", Map.of("gpu",
        new ResourceInformation("gpu", new String[] {" 1", "0"}), "fpga", new ResourceInformation("fpga",
        new String[] {"9"})));
    assertEquals(new TaskDevice(3, "1", "10.0.0.7", List.of("1", "0")), gpu);
    assertEquals(List.of(), TaskDevice.of(0, "driver", "localhost", Map.of()).gpus());
  }

  @Test
  void theRecordCrossesJavaSerializationAndReadsBackFromMetricsJson() throws Exception {
    TaskDevice device = new TaskDevice(1, "0", "127.0.0.1", List.of("1"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(device);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(device, in.readObject(), "accumulator updates travel with Java serialization");
    }
    ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    String line = json.writeValueAsString(device);
    assertEquals("{\"spark_task\":1,\"executor\":\"0\",\"host\":\"127.0.0.1\",\"gpus\":[\"1\"]}", line);
    assertEquals(device, json.readValue(line, TaskDevice.class));
    assertEquals(List.of(), json.readValue("{\"spark_task\":0,\"executor\":\"driver\",\"host\":\"h\"}",
        TaskDevice.class).gpus());
  }

  /**
   * The task path of a GPU executor whose natives are CPU-only (the cluster jar without -P gpu): the task's GPU
   * address becomes the encoder's device, and its first encoding fails saying why and what to change, rather than
   * deep in PyTorch or silently on the CPU while the cluster holds a GPU for it.
   */
  @Test
  void aQwen3EncoderGivenAGpuTheNativesCannotSeeFailsClearly() throws Exception {
    Path model = dir.resolve("qwen3-tiny");
    RandomCheckpoint.write(model, TINY, 3, Safetensors.Dtype.BF16);
    // As the encoder does before it loads: the natives come from the classpath's jars, never from a download.
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    // One past the GPUs the natives see: GPU 0 on a CPU machine, the case of a GPU executor with CPU-only natives.
    int visible = Engine.getEngine("PyTorch").getGpuCount();
    EncoderSpec spec = new EncoderSpec.Qwen3(model.toString(), "float32", 128, 1 << 20, 4, new String[0]);
    Map<String, ResourceInformation> assigned = Map.of("gpu", new ResourceInformation("gpu",
        new String[] {String.valueOf(visible)}));
    Encoder encoder = ExecutorResources.encoder(spec, () -> SparkDevices.device(assigned));
    IllegalStateException failure = assertThrows(IllegalStateException.class,
        () -> encoder.encode(Transcript.of("What is 6 x 7?")));
    assertTrue(failure.getMessage().contains("the encoder was given GPU " + visible
        + " but the PyTorch natives here see " + visible + " GPU(s)"), failure.getMessage());
    assertTrue(failure.getMessage().contains("drop the spark.*.resource.gpu settings"), failure.getMessage());
    if (visible == 0) {
      assertTrue(failure.getMessage().contains("CPU-only natives: build with -P gpu"), failure.getMessage());
    }
  }
}
