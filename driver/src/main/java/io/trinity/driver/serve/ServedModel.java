package io.trinity.driver.serve;

import io.trinity.workers.coordinator.Coordinator;
import java.util.Objects;

/** One coordinator served under a model name: the name clients ask for, the coordinator, the export it came from. */
public record ServedModel(String name, Coordinator coordinator, String location) {
  public ServedModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(coordinator, "coordinator");
    if (name.isBlank()) {
      throw new ServeException("a served model name must not be blank (" + location + ")");
    }
  }
}
