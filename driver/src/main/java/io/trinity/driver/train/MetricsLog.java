package io.trinity.driver.train;

import io.trinity.driver.io.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics.jsonl}, one line per generation. The whole file is rewritten atomically each generation (it is
 * small), and a resumed run keeps only the lines of generations its checkpoint covers, so a crash between the
 * metrics and the checkpoint never leaves a line twice.
 */
final class MetricsLog {
  static final String FILE = "metrics.jsonl";

  private final RunDirectory run;
  private final List<GenerationMetrics> lines;

  private MetricsLog(RunDirectory run, List<GenerationMetrics> lines) {
    this.run = run;
    this.lines = lines;
  }

  static MetricsLog open(RunDirectory run, int completedGenerations) {
    List<GenerationMetrics> kept = new ArrayList<>();
    if (completedGenerations > 0 && run.exists(FILE)) {
      for (String line : run.readString(FILE).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        try {
          GenerationMetrics metrics = TrainingJob.JSON.readValue(line, GenerationMetrics.class);
          if (metrics.generation() < completedGenerations) {
            kept.add(metrics);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("unreadable line in " + run.location() + "/" + FILE + ": " + line, e);
        }
      }
    }
    return new MetricsLog(run, kept);
  }

  void append(GenerationMetrics metrics) throws IOException {
    lines.add(metrics);
    StringBuilder text = new StringBuilder();
    for (GenerationMetrics line : lines) {
      text.append(TrainingJob.JSON.writeValueAsString(line)).append('\n');
    }
    run.writeString(FILE, text.toString());
  }

  List<GenerationMetrics> lines() {
    return List.copyOf(lines);
  }
}
