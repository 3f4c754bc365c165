package io.trinity.driver.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run's output folder on any Hadoop FileSystem (file://, hdfs://, s3a://). Files are written to a temporary
 * name and renamed into place, so a crash mid-write never leaves a torn checkpoint behind. Where the file system
 * cannot rename over an existing file, the old file is deleted first; a crash between the two leaves only the
 * complete temporary file, which reads then fall back to.
 */
public final class RunDirectory {
  private final FileSystem fs;
  private final Path root;

  private RunDirectory(FileSystem fs, Path root) {
    this.fs = fs;
    this.root = root;
  }

  /** The folder at {@code location}, created if it does not exist yet. */
  public static RunDirectory open(String location, Configuration hadoop) {
    return open(location, hadoop, true);
  }

  /** The folder at {@code location}, which must exist (to read what a run wrote). */
  public static RunDirectory existing(String location, Configuration hadoop) {
    return open(location, hadoop, false);
  }

  private static RunDirectory open(String location, Configuration hadoop, boolean create) {
    try {
      Path root = new Path(location);
      URI uri = root.toUri();
      FileSystem fs = uri.getScheme() == null ? FileSystem.getLocal(hadoop) : FileSystem.get(uri, hadoop);
      // Local runs need no .crc side files; other file systems keep their own integrity checks.
      fs.setWriteChecksum(false);
      Path qualified = fs.makeQualified(root);
      if (create) {
        fs.mkdirs(qualified);
      } else if (!fs.isDirectory(qualified)) {
        throw new java.io.FileNotFoundException(location + " is not a folder");
      }
      return new RunDirectory(fs, qualified);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + location + ": " + e.getMessage(), e);
    }
  }

  public String location() {
    return root.toString();
  }

  /** The local path of a file in this folder, when the folder is on the local file system. */
  public java.nio.file.Path localPath(String name) {
    if (!"file".equals(root.toUri().getScheme())) {
      throw new IllegalStateException("run directory " + root + " is not on the local file system");
    }
    return java.nio.file.Path.of(new Path(root, name).toUri());
  }

  public boolean isLocal() {
    return "file".equals(root.toUri().getScheme());
  }

  public boolean exists(String name) {
    return current(name) != null;
  }

  public String readString(String name) {
    return new String(readBytes(name), StandardCharsets.UTF_8);
  }

  public byte[] readBytes(String name) {
    Path path = current(name);
    if (path == null) {
      throw new UncheckedIOException(new java.io.FileNotFoundException(new Path(root, name) + " does not exist"));
    }
    try (InputStream in = fs.open(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** The file to read for {@code name}: itself, or its complete temporary twin if a crash stopped the rename. */
  private Path current(String name) {
    try {
      Path target = new Path(root, name);
      if (fs.exists(target)) {
        return target;
      }
      Path temporary = temporary(name);
      return fs.exists(temporary) ? temporary : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The temporary twin sits next to its file, in the same folder, so the rename stays within one folder. */
  private Path temporary(String name) {
    Path target = new Path(root, name);
    return new Path(target.getParent(), "." + target.getName() + ".tmp");
  }

  /** The names of the files in {@code folder} (relative to this one), sorted; empty if it does not exist. */
  public java.util.List<String> list(String folder) {
    try {
      Path path = new Path(root, folder);
      if (!fs.isDirectory(path)) {
        return java.util.List.of();
      }
      return java.util.Arrays.stream(fs.listStatus(path)).filter(status -> status.isFile())
          .map(status -> status.getPath().getName()).filter(name -> !name.startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + new Path(root, folder) + ": " + e.getMessage(), e);
    }
  }

  public void writeString(String name, String text) {
    write(name, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Writes a file atomically: to {@code .name.tmp} first, then renamed over the old one. */
  public void write(String name, Writer writer) {
    Path target = new Path(root, name);
    Path temporary = temporary(name);
    try {
      try (FSDataOutputStream out = fs.create(temporary, true)) {
        writer.write(out);
      }
      if (fs.exists(target) && !fs.delete(target, false)) {
        throw new IOException("cannot replace " + target);
      }
      if (!fs.rename(temporary, target)) {
        throw new IOException("cannot rename " + temporary + " to " + target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** Produces a file's bytes. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }
}
