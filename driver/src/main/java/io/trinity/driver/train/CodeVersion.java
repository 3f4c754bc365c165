package io.trinity.driver.train;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The commit this build was made from, as the build recorded it (git-commit-id-maven-plugin). */
record CodeVersion(String commit, Boolean dirty) {
  static final CodeVersion UNKNOWN = new CodeVersion("unknown", null);

  static CodeVersion ofThisBuild() {
    try (InputStream in = CodeVersion.class.getResourceAsStream("git.properties")) {
      if (in == null) {
        return UNKNOWN;
      }
      Properties properties = new Properties();
      properties.load(in);
      String commit = properties.getProperty("git.commit.id.full");
      String dirty = properties.getProperty("git.dirty");
      return commit == null || commit.isBlank() ? UNKNOWN
          : new CodeVersion(commit, dirty == null ? null : Boolean.valueOf(dirty));
    } catch (IOException e) {
      return UNKNOWN;
    }
  }
}
