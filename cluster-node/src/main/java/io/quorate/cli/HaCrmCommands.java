package io.quorate.cli;

import io.quorate.ha.config.ResourceId;
import io.quorate.ha.state.CrmCommand;
import io.quorate.ha.state.HaPaths;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * ha-manager's requests to the CRM: {@code migrate}, {@code relocate} and {@code crm-command ...}.
 * Each appends one line to {@code ha/crm_commands} under the {@code ha_config} lock; the CRM master
 * reads and clears the file in its next round.
 */
final class HaCrmCommands {
    private HaCrmCommands() {
    }

    /** Checks the line, the node (a cluster member) and the resource (configured, checked under the lock), then queues. */
    static void queue(NodeCliCommand command, String line, Optional<ResourceId> sid, Optional<String> node) {
        CrmCommand.problem(line).ifPresent(problem -> {
            throw new CliException(problem, 2);
        });
        NodeApi api = NodeApi.forDir(command.dir.path());
        node.ifPresent(n -> HaChecks.requireMembers(api, List.of(n)));
        long version = HaConfigEdit.appendLine(api, HaPaths.CRM_COMMANDS, line,
                () -> sid.ifPresent(s -> HaChecks.requireConfigured(api, List.of(s))));
        command.print(() -> new JsonObject().put("queued", line).put("version", version).encodePrettily(),
                () -> "queued crm command '" + line + "' (version " + version + ")\n");
    }

    /** {@code <verb> <sid> <node>}: migrate (online) or relocate (stop, move, start). */
    abstract static class MoveCommand extends NodeCliCommand {
        @Parameters(index = "0", paramLabel = "SID", description = "HA resource, e.g. vm:101")
        String sid;

        @Parameters(index = "1", paramLabel = "NODE", description = "target node")
        String node;

        abstract String verb();

        @Override
        public Integer call() {
            ResourceId id = HaResourceCommands.sid(sid);
            queue(this, verb() + " " + id + " " + node, Optional.of(id), Optional.of(node));
            return 0;
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Request an online migration of a resource to a node.")
    static final class Migrate extends MoveCommand {
        @Override
        String verb() {
            return "migrate";
        }
    }

    @Command(name = "relocate", mixinStandardHelpOptions = true,
            description = "Request a relocation of a resource to a node (stop, move, start).")
    static final class Relocate extends MoveCommand {
        @Override
        String verb() {
            return "relocate";
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Request a stop of a resource; after TIMEOUT seconds it is stopped hard.")
    static final class Stop extends NodeCliCommand {
        @Parameters(index = "0", paramLabel = "SID")
        String sid;

        @Parameters(index = "1", paramLabel = "TIMEOUT", description = "seconds, 0 or more")
        String timeout;

        @Override
        public Integer call() {
            ResourceId id = HaResourceCommands.sid(sid);
            queue(this, "stop " + id + " " + timeout, Optional.of(id), Optional.empty());
            return 0;
        }
    }

    /** {@code node-maintenance enable|disable <node>}, queued as {@code enable-node-maintenance <node>}. */
    abstract static class MaintenanceCommand extends NodeCliCommand {
        @Parameters(index = "0", paramLabel = "NODE")
        String node;

        abstract String verb();

        @Override
        public Integer call() {
            queue(this, verb() + "-node-maintenance " + node, Optional.empty(), Optional.of(node));
            return 0;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = "Put a node into maintenance: its services move away, and it takes none.")
    static final class MaintenanceEnable extends MaintenanceCommand {
        @Override
        String verb() {
            return "enable";
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Take a node out of maintenance.")
    static final class MaintenanceDisable extends MaintenanceCommand {
        @Override
        String verb() {
            return "disable";
        }
    }

    @Command(name = "node-maintenance", mixinStandardHelpOptions = true, description = "Node maintenance mode.",
            subcommands = {MaintenanceEnable.class, MaintenanceDisable.class})
    static final class NodeMaintenance {
    }

    @Command(name = "crm-command", mixinStandardHelpOptions = true,
            description = "Queue a command for the CRM master (ha-manager crm-command).",
            subcommands = {Migrate.class, Relocate.class, Stop.class, NodeMaintenance.class})
    static final class Crm {
    }
}
