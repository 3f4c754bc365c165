package io.trinity.driver.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.trinity.driver.config.ConfigException;
import io.trinity.driver.eval.ExperimentSummary;
import io.trinity.driver.io.RunDirectory;

/** Reads back the {@code summary.json} that {@code trinity experiment} writes, to draw its page again. */
public final class ExperimentSummaryReader {
  /** The summary's file in an experiment's folder. */
  public static final String FILE = TrainingRunReader.EXPERIMENT_SUMMARY;
  /** The experiment's page, the name {@code trinity experiment} gives it. */
  public static final String PAGE = "report.html";

  // Derived properties the records expose (SeedEstimate's hasInterval) are written but are not constructor fields.
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ExperimentSummaryReader() {}

  /** Whether {@code folder} is an experiment's (its summary is there and it is not itself a training run). */
  public static boolean isExperiment(RunDirectory folder) {
    return folder.exists(FILE) && !folder.exists(TrainingRunReader.METRICS);
  }

  /** The summary in {@code folder}; a summary of another format or a broken file is an error naming the file. */
  public static ExperimentSummary read(RunDirectory folder) {
    String where = folder.location() + "/" + FILE;
    ExperimentSummary summary;
    try {
      summary = JSON.readValue(folder.readString(FILE), ExperimentSummary.class);
    } catch (JsonProcessingException e) {
      throw new ConfigException(where + " is not an experiment summary: " + e.getOriginalMessage(), e);
    }
    if (summary.formatVersion() != ExperimentSummary.FORMAT_VERSION) {
      throw new ConfigException(where + ": format_version " + summary.formatVersion() + ", expected "
          + ExperimentSummary.FORMAT_VERSION);
    }
    return summary;
  }
}
