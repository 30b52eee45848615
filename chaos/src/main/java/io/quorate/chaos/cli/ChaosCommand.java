package io.quorate.chaos.cli;

import picocli.CommandLine.Command;

/** {@code quorate chaos}: chaos experiments. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Chaos experiments: declarative YAML files that kill, partition and cut power, and check recovery.",
                "See chaos/README.md for the format."},
        subcommands = {ChaosValidateCommand.class, ChaosRunCommand.class, ChaosScheduleCommand.class, ChaosHistoryCommand.class,
                ChaosBenchCommand.class})
public final class ChaosCommand {
}
