package io.trinity.driver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.experiment.ExperimentFixtures;
import io.trinity.driver.train.TrainingFixtures;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data-sharing archive, on the real {@code trinity} script and JVM: a training run writes it,
 * later runs map it, and an archive that is damaged, cut short, stale or switched off is passed over without
 * breaking the run. The script runs from a home of its own in a temporary folder, over jars made from this test's
 * class path (the JVM archives classes from jars only).
 */
class LauncherClassSharingTest {
  private static final String FROM_ARCHIVE = "io.trinity.driver.cli.TrinityCli source: shared objects file (top)";

  @TempDir
  Path dir;

  private Path home;

  @Test
  void aTrainingRunWritesTheArchiveThatLaterRunsMapAndABrokenOrStaleOneIsPassedOver() throws Exception {
    home = launcherHome(dir.resolve("home"));
    Path cds = home.resolve("driver/target/cds");

    assertEquals(0, run(Map.of(), "--version").exit, "a help page writes no archive");
    assertFalse(Files.exists(cds) && listing(cds).stream().anyMatch(n -> n.endsWith(".jsa")));

    Path config = ExperimentFixtures.base(dir);
    Run trained = run(Map.of(), "train", "--config", config.toString(), "--out", dir.resolve("run").toString());
    assertEquals(0, trained.exit, trained.output);
    List<String> written = listing(cds);
    assertEquals(2, written.size(), "one archive and its size, no leftovers: " + written);
    Path archive = cds.resolve(written.stream().filter(n -> n.endsWith(".jsa")).findFirst().orElseThrow());
    assertEquals(String.valueOf(Files.size(archive)), Files.readString(Path.of(archive + ".size")).strip());
    byte[] good = Files.readAllBytes(archive);

    Run mapped = version(Map.of());
    assertTrue(mapped.classLoading.contains(FROM_ARCHIVE), "the next run maps the archive");

    // Same size, damaged inside: the checksum check skips it.
    byte[] damaged = good.clone();
    for (int i = damaged.length / 2; i < damaged.length / 2 + 64; i++) {
      damaged[i] ^= 0x5a;
    }
    Files.write(archive, damaged);
    assertFalse(version(Map.of()).classLoading.contains(FROM_ARCHIVE));

    // Cut short (the JVM itself would crash mapping it): the launcher sees the size differ and leaves it alone.
    Files.write(archive, java.util.Arrays.copyOf(good, good.length / 2));
    assertFalse(version(Map.of()).classLoading.contains(FROM_ARCHIVE));

    Files.write(archive, good);
    assertTrue(version(Map.of()).classLoading.contains(FROM_ARCHIVE), "restored, it is mapped again");
    assertFalse(version(Map.of("TRINITY_CDS", "0")).classLoading.contains(FROM_ARCHIVE), "TRINITY_CDS=0");

    // A rebuilt jar (another time stamp) makes the archive stale: not mapped, and nothing breaks.
    Path jar = home.resolve("driver/target/trinity-driver-0.0.0.jar");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
    assertFalse(version(Map.of()).classLoading.contains(FROM_ARCHIVE));

    Files.delete(archive);
    assertFalse(version(Map.of()).classLoading.contains(FROM_ARCHIVE), "missing");
    assertArrayEquals(new String[] {archive.getFileName() + ".size"}, listing(cds).toArray(),
        "only a training-sized command writes a new archive");
  }

  /** {@code trinity --version}: it must work and print nothing but the version, whatever the archive's state. */
  private Run version(Map<String, String> env) throws Exception {
    Run run = run(env, "--version");
    assertEquals(0, run.exit, run.output);
    assertTrue(run.output.strip().matches("trinity \\S+"), "only the version on the console: " + run.output);
    return run;
  }

  private record Run(int exit, String output, String classLoading) {}

  private Run run(Map<String, String> env, String... args) throws Exception {
    Path log = dir.resolve("class-load.log");
    Files.deleteIfExists(log);
    List<String> command = new ArrayList<>(List.of(home.resolve("trinity").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().put("JAVA_OPTS", "-Xmx1g -Xlog:class+load=info:file=" + log);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(5, TimeUnit.MINUTES));
    return new Run(process.exitValue(), output, Files.exists(log) ? Files.readString(log) : "");
  }

  private static List<String> listing(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /**
   * The script and a built driver as it expects them: this test's class path with every folder of classes made a
   * jar (the driver's own as the built jar), the rest listed in classpath.txt, and the build stamp.
   */
  private static Path launcherHome(Path home) throws IOException {
    Path target = Files.createDirectories(home.resolve("driver/target"));
    Path script = home.resolve("trinity");
    Files.copy(TrainingFixtures.repoFile("trinity"), script);
    assertTrue(script.toFile().setExecutable(true));
    List<String> classpath = new ArrayList<>();
    Path driverJar = null;
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (!Files.isDirectory(path)) {
        classpath.add(path.toAbsolutePath().toString());
      } else if (!path.endsWith("test-classes")) {
        boolean driver = path.toAbsolutePath().toString().contains(File.separator + "driver" + File.separator);
        Path jar = driver ? target.resolve("trinity-driver-0.0.0.jar") : target.resolve("module-" + n++ + ".jar");
        jarOf(path, jar);
        if (driver) {
          driverJar = jar;
        } else {
          classpath.add(jar.toString());
        }
      }
    }
    assertTrue(driverJar != null, "the driver's classes are on the test's class path");
    Files.writeString(target.resolve("classpath.txt"), String.join(File.pathSeparator, classpath));
    Files.writeString(target.resolve("launcher.built"), "");
    return home;
  }

  private static void jarOf(Path classes, Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace(File.separatorChar, '/')));
        Files.copy(p, out);
        out.closeEntry();
      }
    }
  }
}
