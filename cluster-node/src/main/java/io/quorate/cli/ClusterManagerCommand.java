package io.quorate.cli;

import picocli.CommandLine.Command;

@Command(name = "cm", mixinStandardHelpOptions = true,
        description = "Cluster manager, like Proxmox's pvecm.",
        subcommands = {CmCreate.class, CmAdd.class, CmStatus.class, CmNodes.class, CmExpected.class, CmDelnode.class})
public final class ClusterManagerCommand {
}
