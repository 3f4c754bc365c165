package io.trinity.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trinity.fitness.code.CodeTests;
import io.trinity.fitness.code.TestCase;
import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** Code tasks carry their tests to executors through Kryo with registration required. */
class CodeTaskKryoTest {

  @Test
  void tasksWithAndWithoutCodeTestsRoundTrip() {
    SparkConf conf = new SparkConf()
        .set("spark.kryo.registrationRequired", "true")
        .set("spark.kryo.registrator", TrinityKryoRegistrator.class.getName());
    SerializerInstance kryo = new KryoSerializer(conf).newInstance();
    ClassTag<Task> tag = ClassTag$.MODULE$.apply(Task.class);
    List<Task> tasks = List.of(
        new Task("gsm8k/1", "gsm8k", "gsm8k", "q", "42", AnswerFormat.NUMBER),
        new Task("HumanEval/0", "humaneval", "humaneval", "def f():\n", "    return 1\n", AnswerFormat.CODE,
            CodeTests.asserts("def f():\n", "assert f() == 1\n")),
        new Task("livecodebench/1", "livecodebench", "livecodebench", "p", "", AnswerFormat.CODE,
            CodeTests.functionCall("import math\n", "twoSum", List.of(new TestCase("[1, 2]\n3", "[0, 1]")))));
    for (Task task : tasks) {
      ByteBuffer bytes = kryo.serialize(task, tag);
      Task back = kryo.deserialize(bytes, tag);
      assertEquals(task, back);
      if (task.codeTests() != null) {
        assertEquals(task.codeTests().cases(), back.codeTests().cases());
      }
    }
  }
}
