package io.trinity.driver.cli;

import io.trinity.driver.config.ConfigException;
import io.trinity.driver.gateway.PoolCheckFailedException;
import io.trinity.driver.serve.ServeException;
import io.trinity.fitness.sandbox.SandboxUnavailableException;
import io.trinity.fitness.task.TaskFormatException;
import io.trinity.gateway.pool.PoolConfigException;
import io.trinity.gateway.sim.AnswerKeyException;
import io.trinity.workers.encode.qwen3.CheckpointException;
import io.trinity.workers.export.ExportException;

/** The exceptions that mean "your input is wrong" rather than "the program is". */
final class UserErrors {
  private UserErrors() {}

  static boolean isUserError(Throwable e) {
    return e instanceof ConfigException || e instanceof PoolConfigException || e instanceof TaskFormatException
        || e instanceof AnswerKeyException || e instanceof CheckpointException || e instanceof ExportException
        || e instanceof ServeException || e instanceof SandboxUnavailableException
        || e instanceof PoolCheckFailedException;
  }
}
