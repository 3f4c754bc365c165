package io.trinity.driver.spark;

import ai.djl.Device;
import io.trinity.gateway.client.CoalescingPoolClient;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.client.PoolClient;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.encode.Encoder;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.apache.spark.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an executor JVM keeps between tasks: one gateway client per gateway URL (its connection pool is shared by
 * all episodes of all tasks, and identical seeded calls in flight among them go to the gateway once: {@link
 * CoalescingPoolClient}) and one encoder per configuration, created on first use: a Qwen3 encoder's weights
 * load once per JVM and its KV cache serves every later task.
 */
public final class ExecutorResources {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorResources.class);
  private static final ConcurrentMap<String, CoalescingPoolClient> CLIENTS = new ConcurrentHashMap<>();
  private static final ConcurrentMap<String, Encoder> ENCODERS = new ConcurrentHashMap<>();

  private ExecutorResources() {}

  static PoolClient client(GatewayEndpoint endpoint) {
    // A later run in the same JVM (local mode, tests) may reach another gateway, or the same one with a new token.
    return CLIENTS.computeIfAbsent(endpoint.url() + '\n' + endpoint.token() + '\n' + endpoint.callTimeout(),
        key -> new CoalescingPoolClient(OpenAiClient.builder()
        .baseUrl(URI.create(endpoint.url()))
        .apiKey(endpoint.token())
        .requestTimeout(endpoint.callTimeout())
        .build()));
  }

  /**
   * How many calls of this JVM's executors joined an identical call in flight instead of going to the gateway, over
   * the JVM's life. In local mode the driver's JVM is the executors', so its jobs can say what their gateway did not
   * see; on a cluster the driver's count stays 0.
   */
  public static long coalescedCalls() {
    return CLIENTS.values().stream().mapToLong(CoalescingPoolClient::coalesced).sum();
  }

  static Encoder encoder(EncoderSpec spec) {
    return encoder(spec, SparkDevices::current);
  }

  /** As above, on the device {@code devices} gives should this JVM build the encoder now. */
  static Encoder encoder(EncoderSpec spec, Supplier<Device> devices) {
    return ENCODERS.computeIfAbsent(spec.key(), key -> {
      Device device = devices.get();
      // The executor's log says which device (a GPU address Spark assigned, or the CPU) its encoder took.
      TaskContext task = TaskContext.get();
      LOG.info("encoder {} on {} (built in task {})", spec.key(), device, task == null ? "-" : task.taskAttemptId());
      return spec.create(device);
    });
  }
}
