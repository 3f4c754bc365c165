package io.trinity.workers.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The two files of an export as bytes, so that any file system can store and fetch them (the driver uses Hadoop's);
 * {@code location} is the folder they are in, for messages.
 */
public record ExportFiles(String location, byte[] manifest, byte[] weights) {

  /** Reads an export from a local folder. */
  public static ExportFiles read(Path directory) {
    return new ExportFiles(directory.toString(), read(directory, HeadManifest.FILE),
        read(directory, HeadManifest.WEIGHTS_FILE));
  }

  private static byte[] read(Path directory, String name) {
    Path file = directory.resolve(name);
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ExportException(file + " does not exist: an export folder holds " + HeadManifest.FILE + " and "
          + HeadManifest.WEIGHTS_FILE, e);
    } catch (IOException e) {
      throw new ExportException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes both files into a local folder. */
  public void write(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.write(directory.resolve(HeadManifest.FILE), manifest);
    Files.write(directory.resolve(HeadManifest.WEIGHTS_FILE), weights);
  }
}
