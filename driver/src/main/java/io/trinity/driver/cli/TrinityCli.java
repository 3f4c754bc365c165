package io.trinity.driver.cli;

import io.trinity.driver.gateway.RunStoppedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trinity} command line. */
@Command(name = "trinity", mixinStandardHelpOptions = true, version = "trinity 0.1.0",
    description = "Train and evaluate Trinity LLM coordinators with sep-CMA-ES on Apache Spark.",
    subcommands = {TrainCommand.class, DemoCommand.class, GatewayCommand.class, EsBenchCommand.class,
        GradeCommand.class, EncodeCommand.class, RandomModelCommand.class, InspectCommand.class,
        EvaluateCommand.class, ServeCommand.class, AnswerKeyCommand.class, PoolCommand.class,
        ExperimentCommand.class, ReportCommand.class})
public final class TrinityCli {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new TrinityCli())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          // Input errors are the user's to fix: one clear line, no stack trace.
          if (e instanceof RunStoppedException stopped) {
            cmd.getErr().println("error: " + stopped.getMessage());
            return stopped.exitCode();
          }
          if (UserErrors.isUserError(e)) {
            cmd.getErr().println("error: " + e.getMessage());
            return 2;
          }
          throw e;
        });
  }
}
