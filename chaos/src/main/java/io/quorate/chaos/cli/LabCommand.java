package io.quorate.chaos.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quorate.chaos.experiment.ResourceId;
import io.quorate.chaos.lab.ChaosLab;
import io.quorate.chaos.lab.LabException;
import io.quorate.chaos.lab.LabOptions;
import io.quorate.chaos.lab.LabState;
import io.quorate.chaos.lab.LabStatus;
import io.quorate.cli.CliException;
import io.quorate.cli.OutputOptions;
import io.quorate.lab.HaHost;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quorate lab up|down|status}: a chaos lab of network-namespace hosts with BMCs, a broker and Prometheus. */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"A chaos lab: N hosts in network namespaces on a cluster bridge, a management network with one",
                "ipmi_sim BMC per host, a Kafka broker and (when installed) Prometheus. Needs root, iproute2, nftables, openipmi."},
        subcommands = {LabCommand.Up.class, LabCommand.Down.class, LabCommand.Status.class})
public final class LabCommand {

    /** {@code --dir}: the lab's directory, default {@code $QUORATE_LAB_DIR}. */
    static final class LabDirOption {
        @Option(names = "--dir", paramLabel = "DIR", description = "The lab's directory (default: $QUORATE_LAB_DIR).")
        Path dir;

        Path path() {
            if (dir != null) {
                return dir;
            }
            String fromEnvironment = System.getenv("QUORATE_LAB_DIR");
            if (fromEnvironment == null || fromEnvironment.isBlank()) {
                throw new CliException("no lab directory: pass --dir <dir> or set QUORATE_LAB_DIR", 2);
            }
            return Path.of(fromEnvironment);
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Build a lab in a new or empty directory and leave it running (remove it with 'lab down').",
                    "Refuses a directory where a lab runs; removes the leftovers of a dead one first."})
    static final class Up extends LabSubcommand {
        @Option(names = "--nodes", defaultValue = "3", paramLabel = "N", description = "Hosts n1..nN (default ${DEFAULT-VALUE}).")
        int nodes;

        @Option(names = "--guest", paramLabel = "SID", split = ",", defaultValue = "vm:101",
                description = "HA guests to add once the cluster is ready (default ${DEFAULT-VALUE}); repeat or comma-separate.")
        List<String> guests;

        @Option(names = "--no-prometheus", description = "Do not start Prometheus even when it is installed.")
        boolean noPrometheus;

        @Option(names = "--network", defaultValue = "auto", paramLabel = "WHERE",
                description = "netns (hosts in network namespaces: needs root, iproute2, nftables), loopback (no partitions, loss"
                        + " or bandwidth caps), or auto: netns when possible (default ${DEFAULT-VALUE}).")
        LabOptions.Network network;

        @Override
        public Integer call() throws Exception {
            LabOptions options;
            try {
                options = LabOptions.of(nodes, guests.stream().map(ResourceId::parse).toList());
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), 2);
            }
            if (noPrometheus) {
                options = options.withoutPrometheus();
            }
            options = options.withNetwork(network);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter progress = output.json() ? new PrintWriter(new StringWriter()) : out;
            LabOptions chosen = options;
            ChaosLab lab = orCliError(() -> ChaosLab.up(dir.path(), chosen, HaHost.javaCommandOfThisJvm(), progress));
            lab.detach();
            if (output.json()) {
                out.println(json(lab.state()));
            } else {
                out.println("lab up in " + lab.dir() + " (remove it with: quorate lab down --dir " + lab.dir() + ")");
            }
            out.flush();
            return 0;
        }
    }

    /** What every lab subcommand takes: the lab's directory and the output format. */
    abstract static class LabSubcommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        LabDirOption dir;
        @Mixin
        OutputOptions output;

        /** Runs {@code call}, turning a lab's refusal into the CLI's one-line error. */
        static <T> T orCliError(java.util.function.Supplier<T> call) {
            try {
                return call.get();
            } catch (LabException e) {
                throw new CliException(e.getMessage());
            }
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Remove the lab: every process, namespace, nft table and file it made (also of a half-dead lab).")
    static final class Down extends LabSubcommand {
        @Override
        public Integer call() throws Exception {
            List<String> removed = orCliError(() -> ChaosLab.down(dir.path()));
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(new ObjectMapper().writeValueAsString(java.util.Map.of("removed", removed)));
            } else {
                removed.forEach(line -> out.println("removed " + line));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show what runs in the lab: each host's node and supervisor, BMC power, broker, Prometheus, quorum.")
    static final class Status extends LabSubcommand {
        @Override
        public Integer call() throws Exception {
            LabStatus status = orCliError(() -> LabStatus.of(dir.path()));
            PrintWriter out = spec.commandLine().getOut();
            out.println(output.json() ? new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(status)
                    : status.text());
            out.flush();
            return status.healthy() ? 0 : 1;
        }
    }

    private static String json(LabState state) throws Exception {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(state);
    }
}
