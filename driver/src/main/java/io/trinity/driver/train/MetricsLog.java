package io.trinity.driver.train;

import io.trinity.driver.io.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics.jsonl}, one line per generation. The whole file is rewritten atomically each generation (it is
 * small; each line is serialized once), and a resumed run keeps only the lines of generations its checkpoint covers,
 * so a crash between the metrics and the checkpoint never leaves a line twice.
 */
final class MetricsLog {
  static final String FILE = "metrics.jsonl";

  private final RunDirectory run;
  private final List<GenerationMetrics> lines;
  private final StringBuilder text = new StringBuilder();

  private MetricsLog(RunDirectory run, List<GenerationMetrics> lines) throws IOException {
    this.run = run;
    this.lines = lines;
    for (GenerationMetrics line : lines) {
      text.append(TrainingJob.JSON.writeValueAsString(line)).append('\n');
    }
  }

  static MetricsLog open(RunDirectory run, int completedGenerations) throws IOException {
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

  /** Adds {@code metrics} as the last line; the returned write puts the file, as it is now, on disk. */
  GenerationFiles.Write append(GenerationMetrics metrics) throws IOException {
    lines.add(metrics);
    text.append(TrainingJob.JSON.writeValueAsString(metrics)).append('\n');
    String now = text.toString();
    return () -> run.writeString(FILE, now);
  }

  List<GenerationMetrics> lines() {
    return List.copyOf(lines);
  }
}
