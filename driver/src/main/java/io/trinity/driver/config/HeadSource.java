package io.trinity.driver.config;

/**
 * One trained head to evaluate: its export folder or run directory (any Hadoop URI, or relative to the config),
 * its name in the report (default {@code trinity-<run id>}), this machine's copy of its Qwen3 snapshot (default:
 * the folder recorded at training), and whether a head trained with other role prompts may play with this build's.
 */
public record HeadSource(String path, String name, String model, Boolean allowPromptChange) {
  public HeadSource {
    Checks.required("path", path);
    if (name != null && !name.matches("[A-Za-z0-9][A-Za-z0-9._:/-]{0,79}")) {
      throw new IllegalArgumentException("name must be 1 to 80 letters, digits or . _ : / - (starting with a letter "
          + "or digit), got '" + name + "'");
    }
    allowPromptChange = allowPromptChange != null && allowPromptChange;
  }
}
