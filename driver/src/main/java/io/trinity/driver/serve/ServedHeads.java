package io.trinity.driver.serve;

import ai.djl.Device;
import io.trinity.driver.io.HeadExports;
import io.trinity.driver.io.RunDirectory;
import io.trinity.workers.export.ExportException;
import io.trinity.workers.export.ExportedHead;
import io.trinity.workers.export.ReadOptions;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads the heads to serve, each checked by the export reader as evaluation checks it, and names them: the i-th
 * {@code --name} names the i-th {@code --head}, and a head without one is {@code trinity-<run id>}.
 */
public final class ServedHeads {
  private ServedHeads() {}

  public static List<ServedModel> load(List<String> heads, List<String> names, ReadOptions options,
      Configuration hadoop) {
    if (heads.isEmpty()) {
      throw new ServeException("--head: give at least one export folder or run directory");
    }
    if (names.size() > heads.size()) {
      throw new ServeException("--name given " + names.size() + " times for " + heads.size()
          + " --head folders: the i-th --name names the i-th --head");
    }
    Map<String, ServedModel> byName = new LinkedHashMap<>();
    for (int i = 0; i < heads.size(); i++) {
      ExportedHead export = read(heads.get(i), options, hadoop);
      String name = i < names.size() ? names.get(i) : export.defaultName();
      ServedModel model = new ServedModel(name, export.coordinator(export.spec().encoder().create(Device.cpu())),
          export.location());
      ServedModel clash = byName.putIfAbsent(name, model);
      if (clash != null) {
        throw new ServeException("--head " + heads.get(i) + " and " + clash.location() + " would both be served as '"
            + name + "': name them apart with --name");
      }
    }
    return new ArrayList<>(byName.values());
  }

  private static ExportedHead read(String head, ReadOptions options, Configuration hadoop) {
    RunDirectory directory;
    try {
      directory = RunDirectory.existing(head, hadoop);
    } catch (UncheckedIOException e) {
      throw new ExportException("--head: " + e.getMessage(), e);
    }
    return HeadExports.read(directory, options);
  }
}
