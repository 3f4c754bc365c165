package io.trinity.driver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.config.TasksSection;
import io.trinity.driver.io.TaskCatalog;
import io.trinity.fitness.key.AnswerKey;
import io.trinity.fitness.task.Task;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The answer key a {@code sim} pool needs for a job's tasks. A job's in-process gateway gets it from the job; an
 * external one ({@code trinity gateway --answer-key FILE}, which may serve many jobs) needs it written beforehand.
 */
@Command(name = "answer-key", mixinStandardHelpOptions = true,
    description = "Write the answer key that an external gateway's simulated (sim) models need for the tasks of a "
        + "training or evaluation config (pass it to `trinity gateway --answer-key`).")
final class AnswerKeyCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "training or evaluation config (YAML)")
  Path config;

  @Option(names = "--out", required = true, description = "answer key to write (JSON Lines, a local file)")
  Path out;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    List<Task> tasks = TaskCatalog.load(tasksOf(config), new Configuration());
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream stream = Files.newOutputStream(out)) {
      AnswerKey.write(tasks, stream);
    }
    spec.commandLine().getOut().printf("wrote the answer key of %d tasks to %s%n", tasks.size(), out);
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** An evaluation config is the one with {@code heads}; each is then read as strictly as its job reads it. */
  private static TasksSection tasksOf(Path file) {
    boolean evaluation;
    try {
      var root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      evaluation = root != null && root.has("heads");
    } catch (IOException e) {
      // The loader below names the problem (a missing file, bad YAML) with the file and the line.
      evaluation = false;
    }
    if (evaluation) {
      return ConfigLoader.loadEvaluation(file).tasks().asTasksSection();
    }
    return ConfigLoader.load(file).tasks();
  }
}
