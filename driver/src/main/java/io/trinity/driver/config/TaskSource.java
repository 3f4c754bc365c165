package io.trinity.driver.config;

/** One task file: its benchmark format and its path (any Hadoop FileSystem URI, or relative to the config). */
public record TaskSource(String benchmark, String path) {
  public TaskSource {
    Checks.required("benchmark", benchmark);
    Checks.required("path", path);
  }
}
