package io.quorate.cli;

import io.quorate.runtime.HostPort;
import picocli.CommandLine.Option;

/** The options that describe a new node, shared by {@code cm create} and {@code cm add}. */
final class NewNodeOptions {
    @Option(names = "--node", required = true, description = "This node's name.")
    String node;

    @Option(names = "--link0", required = true, description = "Cluster link address <ip:port> (UDP).")
    String link0;

    @Option(names = "--api", required = true, description = "HTTPS API address <ip:port>.")
    String api;

    /** Checks both addresses; returns the API's. */
    HostPort validate() {
        CliArguments.hostPort("--link0", link0);
        return CliArguments.hostPort("--api", api);
    }
}
