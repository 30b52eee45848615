package io.quorate.cli;

import picocli.CommandLine.Command;

@Command(name = "quorate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run, watch and break a Proxmox-VE-style HA cluster.",
        subcommands = {ClusterManagerCommand.class, NodeCommand.class, FsCommand.class, LockCommand.class, HaCommand.class,
                SupervisorCommand.class,
                GuestCommand.class,
                SimCommand.class,
                DemoCommand.class,
                ExporterCommand.class,
                EventsCommand.class, ReplayCommand.class,
                BenchCommand.class})
public final class QuorateCommand {
}
