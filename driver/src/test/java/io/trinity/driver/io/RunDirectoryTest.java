package io.trinity.driver.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
  @TempDir
  Path dir;

  @Test
  void writesReplaceTheOldFileAndLeaveNoTemporaryOne() throws Exception {
    RunDirectory run = RunDirectory.open(dir.toString(), new Configuration());
    run.writeString("checkpoint.json", "one");
    run.writeString("checkpoint.json", "two");
    assertEquals("two", run.readString("checkpoint.json"));
    assertEquals("two", Files.readString(dir.resolve("checkpoint.json")));
    assertFalse(Files.exists(dir.resolve(".checkpoint.json.tmp")));
    assertFalse(Files.exists(dir.resolve(".checkpoint.json.crc")), "no checksum side files on the local disk");
  }

  @Test
  void aCrashBetweenDeleteAndRenameLosesNothing() throws Exception {
    RunDirectory run = RunDirectory.open(dir.toString(), new Configuration());
    // What a crash leaves after the old file was deleted and before the new one was renamed into place.
    Files.writeString(dir.resolve(".checkpoint.json.tmp"), "complete new state");
    assertTrue(run.exists("checkpoint.json"));
    assertEquals("complete new state", run.readString("checkpoint.json"));
    run.writeString("checkpoint.json", "next");
    assertEquals("next", run.readString("checkpoint.json"));
    assertFalse(Files.exists(dir.resolve(".checkpoint.json.tmp")));
  }
}
