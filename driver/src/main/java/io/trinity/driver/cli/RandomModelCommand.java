package io.trinity.driver.cli;

import io.trinity.workers.encode.qwen3.Qwen3Config;
import io.trinity.workers.encode.qwen3.RandomCheckpoint;
import io.trinity.workers.head.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "random-model", mixinStandardHelpOptions = true,
    description = "Write a Qwen3 snapshot with seeded random weights (config.json, model.safetensors, a small "
        + "byte-level tokenizer.json) to try encoder.type qwen3 without a download. Its hidden states mean nothing.")
final class RandomModelCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--out", required = true, description = "folder to write (must not hold a config.json yet)")
  Path out;

  @Option(names = "--shape", defaultValue = "tiny",
      description = "tiny (hidden 64, 2 layers; default) or 0.6b (Qwen3-0.6B's shape, 1.2 GB)")
  String shape;

  @Option(names = "--seed", defaultValue = "1", description = "weights seed (default 1)")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (Files.exists(out.resolve("config.json"))) {
      throw new ParameterException(spec.commandLine(), "--out: " + out + " already holds a config.json");
    }
    Qwen3Config config = switch (shape) {
      case "tiny" -> new Qwen3Config(64, 2, 4, 2, 24, 96, 1e-6, 1e6, 300, true, "bfloat16");
      case "0.6b" -> new Qwen3Config(1024, 28, 16, 8, 128, 3072, 1e-6, 1e6, 151936, true, "bfloat16");
      default -> throw new ParameterException(spec.commandLine(), "--shape must be tiny or 0.6b, got '" + shape
          + "'");
    };
    RandomCheckpoint.write(out, config, seed, Safetensors.Dtype.BF16);
    spec.commandLine().getOut().println("wrote a random Qwen3 snapshot (hidden " + config.hiddenSize() + ", "
        + config.numLayers() + " layers) to " + out);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
