package io.trinity.driver.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sets a dotted key path ({@code episode.max_turns}) in a config's YAML tree before the config is read, so that
 * the training config's own strict reading judges the result: a misspelt key is its "unknown key" error, a value
 * out of range its range error. Missing sections are created; a null value removes the key (the default applies).
 */
final class KeyPaths {
  private KeyPaths() {}

  static void set(ObjectNode root, String path, JsonNode value, String baseName) {
    String[] parts = path.split("\\.");
    ObjectNode section = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = section.get(parts[i]);
      if (next == null || next.isNull()) {
        section = section.putObject(parts[i]);
      } else if (next instanceof ObjectNode object) {
        section = object;
      } else {
        String prefix = String.join(".", java.util.Arrays.copyOf(parts, i + 1));
        throw new IllegalArgumentException(path + ": " + prefix + " is a value in " + baseName + " (" + next
            + "), not a section with keys");
      }
    }
    String key = parts[parts.length - 1];
    if (value == null || value.isNull()) {
      section.remove(key);
    } else {
      section.set(key, value.deepCopy());
    }
  }
}
