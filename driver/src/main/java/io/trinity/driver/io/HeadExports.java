package io.trinity.driver.io;

import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.export.ExportException;
import io.trinity.workers.export.ExportFiles;
import io.trinity.workers.export.ExportedHead;
import io.trinity.workers.export.HeadExportReader;
import io.trinity.workers.export.HeadExportWriter;
import io.trinity.workers.export.HeadManifest;
import io.trinity.workers.export.ReadOptions;
import io.trinity.workers.export.TrainingSummary;
import java.io.UncheckedIOException;

/** A head's export ({@code head.json} and {@code head.safetensors}) in a folder of any Hadoop file system. */
public final class HeadExports {
  private HeadExports() {}

  /** Writes the export of {@code head} into {@code run}, weights first, so the manifest never names a gap. */
  public static void write(RunDirectory run, CoordinatorSpec coordinator, float[] head, TrainingSummary training) {
    ExportFiles files = HeadExportWriter.write(run.location(), coordinator, head, training);
    run.write(HeadManifest.WEIGHTS_FILE, out -> out.write(files.weights()));
    run.write(HeadManifest.FILE, out -> out.write(files.manifest()));
  }

  /** Reads and checks the export in a run directory or export folder. */
  public static ExportedHead read(RunDirectory directory, ReadOptions options) {
    ExportFiles files;
    try {
      files = new ExportFiles(directory.location(), directory.readBytes(HeadManifest.FILE),
          directory.readBytes(HeadManifest.WEIGHTS_FILE));
    } catch (UncheckedIOException e) {
      throw new ExportException(e.getMessage() + " (an export folder holds " + HeadManifest.FILE + " and "
          + HeadManifest.WEIGHTS_FILE + ")", e);
    }
    return HeadExportReader.read(files, options);
  }
}
