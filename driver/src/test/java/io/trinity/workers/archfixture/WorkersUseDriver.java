package io.trinity.workers.archfixture;

import io.trinity.driver.es.StopReason;

/** A planted violation for ArchitectureRulesTest: workers reaching back into the driver. */
public final class WorkersUseDriver {
  StopReason reason;
}
