package io.trinity.driver.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.Device;
import io.trinity.driver.config.ConfigLoader;
import io.trinity.workers.encode.HashingEncoder;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** Encoder descriptions cross Spark's wire and pick the device Spark gave the task. */
class EncoderSpecTest {
  private static final String HEAD = "tasks:\n  bundled: demo\npool:\n  file: p.yaml\nencoder:\n";

  private static EncoderSpec roundTrip(EncoderSpec spec) {
    SparkConf conf = new SparkConf()
        .set("spark.kryo.registrationRequired", "true")
        .set("spark.kryo.registrator", TrinityKryoRegistrator.class.getName());
    SerializerInstance kryo = new KryoSerializer(conf).newInstance();
    ClassTag<EncoderSpec> tag = ClassTag$.MODULE$.apply(EncoderSpec.class);
    ByteBuffer bytes = kryo.serialize(spec, tag);
    return kryo.deserialize(bytes, tag);
  }

  @Test
  void qwen3DescriptionRoundTripsThroughKryo() {
    EncoderSpec spec = EncoderSpec.of(ConfigLoader.parse(HEAD + """
          type: qwen3
          model: /models/qwen3-0.6b
          compute_type: bfloat16
          token_budget: 2048
          cache_bytes: 1000000
          max_batch: 32
          svf: [model.layers.27.mlp.down_proj.weight]
        """, "t.yaml").encoder());
    EncoderSpec.Qwen3 back = (EncoderSpec.Qwen3) roundTrip(spec);
    assertEquals(spec.key(), back.key());
    assertEquals("/models/qwen3-0.6b", back.model());
    assertEquals("bfloat16", back.computeType());
    assertEquals(2048, back.tokenBudget());
    assertEquals(1_000_000L, back.cacheBytes());
    assertEquals(32, back.maxBatch());
    assertArrayEquals(new String[] {"model.layers.27.mlp.down_proj.weight"}, back.svf());
  }

  @Test
  void hashingDescriptionRoundTripsAndBuildsItsEncoder() {
    EncoderSpec spec = EncoderSpec.of(ConfigLoader.parse(HEAD + "  dimension: 48\n  features: [words, state]\n",
        "t.yaml").encoder());
    EncoderSpec back = roundTrip(spec);
    assertEquals(spec.key(), back.key());
    HashingEncoder encoder = (HashingEncoder) back.create();
    assertEquals(48, encoder.dimension());
    assertNotEquals(spec.key(), EncoderSpec.of(ConfigLoader.parse(HEAD + "  dimension: 48\n", "t.yaml").encoder())
        .key(), "other feature families are another encoder");
  }

  @Test
  void theTasksFirstGpuIsTheDeviceElseTheCpu() {
    assertEquals(Device.cpu(), EncoderSpec.Qwen3.device(Map.of()));
    assertEquals(Device.gpu(3), EncoderSpec.Qwen3.device(Map.of("gpu",
        new ResourceInformation("gpu", new String[] {"3", "5"}))));
    assertEquals(Device.cpu(), EncoderSpec.Qwen3.device(Map.of("fpga",
        new ResourceInformation("fpga", new String[] {"0"}))));
  }
}
