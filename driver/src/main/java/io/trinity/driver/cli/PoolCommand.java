package io.trinity.driver.cli;

import picocli.CommandLine.Command;

/** Commands about a pool file; {@code check} is the only one so far. */
@Command(name = "pool", mixinStandardHelpOptions = true, description = "Work with a pool file.",
    subcommands = PoolCheckCommand.class)
final class PoolCommand {
}
