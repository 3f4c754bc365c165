package io.trinity.driver.io;

import io.trinity.driver.config.ConfigException;
import io.trinity.driver.config.TaskSource;
import io.trinity.driver.config.TasksSection;
import io.trinity.fitness.task.Benchmark;
import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.task.Task;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Loads a run's tasks: the bundled demo set and task files from any Hadoop FileSystem. */
public final class TaskCatalog {
  private TaskCatalog() {}

  public static List<Task> load(TasksSection section, Configuration hadoop) {
    List<Task> tasks = new ArrayList<>();
    if (section.bundled() != null) {
      tasks.addAll(DemoTasks.load());
    }
    for (int i = 0; i < section.files().size(); i++) {
      tasks.addAll(loadFile(section.files().get(i), "tasks.files[" + i + "]", hadoop));
    }
    return tasks;
  }

  private static List<Task> loadFile(TaskSource source, String key, Configuration hadoop) {
    Benchmark benchmark;
    try {
      benchmark = Benchmark.fromName(source.benchmark());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + ".benchmark: " + e.getMessage(), e);
    }
    Path path = new Path(source.path());
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      List<Task> tasks;
      try (InputStream in = fs.open(path)) {
        tasks = benchmark.load(in, source.path());
      }
      if (tasks.isEmpty()) {
        throw new ConfigException(key + ".path: task file " + source.path() + " holds no tasks");
      }
      return tasks;
    } catch (FileNotFoundException e) {
      throw new ConfigException(key + ".path: task file " + source.path() + " does not exist", e);
    } catch (IOException e) {
      throw new ConfigException(key + ".path: cannot read task file " + source.path() + ": " + e.getMessage(), e);
    }
  }
}
