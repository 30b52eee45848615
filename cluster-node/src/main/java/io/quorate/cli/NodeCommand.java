package io.quorate.cli;

import io.quorate.runtime.InvalidNodeDirectoryException;
import io.quorate.runtime.LoadedNode;
import io.quorate.ha.runtime.HaTimings;
import io.quorate.runtime.NodeDaemon;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "node", mixinStandardHelpOptions = true, description = "Run a node daemon; inject faults into a running one.",
        subcommands = {NodeCommand.Run.class, NodeFaultsCommand.class})
public final class NodeCommand {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run this node in the foreground: cluster link, votequorum and HTTPS API. SIGTERM leaves cleanly.")
    static final class Run implements Callable<Integer> {
        @Mixin
        NodeDirOption dir;

        @picocli.CommandLine.Option(names = "--lock-expiry", defaultValue = "120s", paramLabel = "DURATION",
                converter = DurationMillisConverter.class,
                description = "A cluster lock expires this long after the last renewal a node saw (default ${DEFAULT-VALUE},"
                        + " as pmxcfs). Give every node the same value.")
        long lockExpiryMs;

        @picocli.CommandLine.Option(names = "--watchdog-timeout", defaultValue = "60s", paramLabel = "DURATION",
                converter = DurationMillisConverter.class,
                description = "The watchdog resets this node when its HA locks go unrenewed this long (default ${DEFAULT-VALUE},"
                        + " as Proxmox). Must stay below the lock expiry minus a margin; the node refuses to start otherwise.")
        long watchdogMs;

        @picocli.CommandLine.Option(names = "--ha-loop", defaultValue = "1s", paramLabel = "DURATION",
                converter = DurationMillisConverter.class, description = "How often the CRM and LRM loops run (default ${DEFAULT-VALUE}).")
        long haLoopMs;

        @picocli.CommandLine.Option(names = "--fence-delay", paramLabel = "DURATION", converter = DurationMillisConverter.class,
                description = "How long the master waits for an offline node before fencing it (default: 60s, or half the lock"
                        + " expiry when that is shorter).")
        Long fenceDelayMs;

        @picocli.CommandLine.Option(names = "--fence-grace", paramLabel = "DURATION", converter = DurationMillisConverter.class,
                description = "How long a node must stay out of the quorate view before it is powered off over IPMI"
                        + " (default: two tokens).")
        Long fenceGraceMs;

        @picocli.CommandLine.Option(names = "--guest-address", paramLabel = "HOST",
                description = "Address this node's process guests listen on (default: the node's cluster address).")
        String guestAddress;

        @Mixin
        KafkaOptions kafka;

        @picocli.CommandLine.Option(names = "--metrics", defaultValue = "127.0.0.1:0", paramLabel = "HOST:PORT",
                description = "Where /metrics (Prometheus text format, no auth) is served (default ${DEFAULT-VALUE}: any free"
                        + " port on loopback, written to <dir>/metrics.address).")
        String metrics;

        /** Hidden: a test-only switch for chaos experiments that must be able to make split brain happen. */
        @picocli.CommandLine.Option(names = io.quorate.ha.runtime.HaRuntime.UNSAFE_RECOVERY_OPTION, hidden = true,
                description = "UNSAFE, tests only: as CRM master, recover the services of a node that left the quorate view"
                        + " at once, without fencing it.")
        boolean unsafeRecoverWithoutFencing;

        @picocli.CommandLine.Option(names = "--guest-port-base", defaultValue = "10000", paramLabel = "PORT",
                description = "A guest listens on this plus its VMID (default ${DEFAULT-VALUE}).")
        int guestPortBase;

        @Override
        public Integer call() throws Exception {
            LoggingSetup.forDaemon();
            LoadedNode node;
            try {
                node = LoadedNode.load(dir.path());
            } catch (InvalidNodeDirectoryException e) {
                throw new CliException(e.getMessage());
            }
            io.quorate.configdb.ConfigDbSettings settings;
            try {
                settings = new io.quorate.configdb.ConfigDbSettings(null, lockExpiryMs);
            } catch (IllegalArgumentException e) {
                throw new CliException("--lock-expiry: " + e.getMessage(), 2);
            }
            long token = node.spec().timers().tokenMs();
            HaTimings defaults = HaTimings.defaults(lockExpiryMs, token);
            HaTimings timings = new HaTimings(haLoopMs, watchdogMs, lockExpiryMs,
                    fenceDelayMs != null ? fenceDelayMs : defaults.fenceDelayMs(),
                    fenceGraceMs != null ? fenceGraceMs : defaults.fenceGraceMs());
            java.util.Optional<String> problem = timings.problem();
            if (problem.isPresent()) {
                throw new CliException("node " + node.nodeName() + " refuses to start: " + problem.get(), 2);
            }
            if (guestPortBase < 1 || guestPortBase > 65535) {
                throw new CliException("--guest-port-base: must be a port number, got " + guestPortBase, 2);
            }
            String guestHost = guestAddress != null ? guestAddress : node.addresses(node.spec()).get(node.nodeId()).host();
            io.quorate.runtime.HostPort metricsAddress;
            try {
                metricsAddress = io.quorate.runtime.HostPort.parseListen(metrics);
            } catch (IllegalArgumentException e) {
                throw new CliException("--metrics: " + e.getMessage(), 2);
            }
            NodeDaemon.ReportOptions events = new NodeDaemon.ReportOptions(kafka.settings(), kafka.topic(), metricsAddress);
            return NodeDaemon.run(node, settings, new NodeDaemon.HaOptions(timings,
                    new io.quorate.ha.runtime.HaRuntime.GuestPlacement(guestHost, guestPortBase), unsafeRecoverWithoutFencing),
                    events);
        }
    }
}
