package io.trinity.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.config.EncoderSection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code random-model} writes a snapshot that the sample qwen3 config accepts. */
class RandomModelCommandTest {
  @TempDir
  Path dir;

  private static int run(StringWriter err, String... args) {
    CommandLine cli = TrinityCli.commandLine();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void theSampleQwen3ConfigLoadsWithAWrittenRandomModel() throws Exception {
    Path sample = repoFile("cluster-configs/train/qwen3-sim.yaml");
    Path config = Files.createDirectories(dir.resolve("cluster-configs/train")).resolve("qwen3-sim.yaml");
    Files.copy(sample, config);
    Path model = dir.resolve("models/qwen3");
    StringWriter err = new StringWriter();
    assertEquals(0, run(err, "random-model", "--out", model.toString(), "--seed", "7"), err.toString());
    assertTrue(Files.exists(model.resolve("model.safetensors")));
    assertTrue(Files.exists(model.resolve("tokenizer.json")));

    EncoderSection encoder = ConfigLoader.load(config).encoder();
    assertEquals(model.toString(), encoder.model());
    assertEquals(64, encoder.modelConfig().hiddenSize());

    StringWriter again = new StringWriter();
    assertEquals(2, run(again, "random-model", "--out", model.toString()));
    assertTrue(again.toString().contains("already holds a config.json"), again.toString());
    StringWriter badShape = new StringWriter();
    assertEquals(2, run(badShape, "random-model", "--out", dir.resolve("x").toString(), "--shape", "7b"));
    assertTrue(badShape.toString().contains("--shape must be tiny or 0.6b, got '7b'"), badShape.toString());
  }

  private static Path repoFile(String relative) {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.exists(d.resolve(relative))) {
        return d.resolve(relative);
      }
    }
    throw new IllegalStateException(relative + " not found");
  }
}
