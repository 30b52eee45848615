package io.quorate.cli;

import io.quorate.config.ConfigException;
import io.quorate.ha.config.GroupsConfig;
import io.quorate.ha.config.HaGroup;
import io.quorate.ha.config.HaResource;
import io.quorate.ha.config.NodePriorities;
import io.quorate.ha.config.RequestedState;
import io.quorate.ha.config.ResourceId;
import io.quorate.ha.config.ResourcesConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** ha-manager's config commands: resources in ha/resources.cfg, groups in ha/groups.cfg. */
final class HaResourceCommands {
    static final String RESOURCES = "ha/resources.cfg";
    static final String GROUPS = "ha/groups.cfg";

    private HaResourceCommands() {
    }

    /** Options shared by add and set (absent: unchanged by set, default for add). */
    static final class ResourceOptions {
        @Option(names = "--state", description = "started, stopped, disabled or ignored (enabled = started)")
        String state;

        @Option(names = "--group", description = "HA group")
        String group;

        @Option(names = "--max_restart", description = "restarts on the same node after a failed start (default 1)")
        Integer maxRestart;

        @Option(names = "--max_relocate", description = "relocations after failed starts (default 1)")
        Integer maxRelocate;

        @Option(names = "--failback", description = "0 or 1: move back to the preferred node when it returns (default 1)")
        Integer failback;

        @Option(names = "--comment")
        String comment;

        HaResource applyTo(HaResource resource) {
            HaResource r = resource;
            if (state != null) {
                r = r.withState(RequestedState.parse(state));
            }
            if (group != null) {
                r = r.withGroup(group.isEmpty() ? Optional.empty() : Optional.of(group));
            }
            if (maxRestart != null) {
                r = r.withMaxRestart(maxRestart);
            }
            if (maxRelocate != null) {
                r = r.withMaxRelocate(maxRelocate);
            }
            if (failback != null) {
                if (failback != 0 && failback != 1) {
                    throw new IllegalArgumentException("--failback must be 0 or 1");
                }
                r = r.withFailback(failback == 1);
            }
            if (comment != null) {
                r = r.withComment(comment.isEmpty() ? Optional.empty() : Optional.of(comment));
            }
            return r;
        }
    }

    /** Parses and writes one HA config file. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(String source, String text) throws ConfigException;
    }

    /** Edits one HA config file; bad values come back as one-line errors naming the problem. */
    static <T> long edit(NodeCliCommand command, String path, Parser<T> parser, java.util.function.Function<T, String> writer,
                         UnaryOperator<T> change) {
        return HaConfigEdit.edit(NodeApi.forDir(command.dir.path()), path, text -> {
            try {
                return writer.apply(change.apply(parser.parse(path, text)));
            } catch (ConfigException e) {
                throw new CliException(e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), 2);
            }
        });
    }

    static long editResources(NodeCliCommand command, UnaryOperator<ResourcesConfig> change) {
        return edit(command, RESOURCES, ResourcesConfig::parse, ResourcesConfig::write, change);
    }

    static long editGroups(NodeCliCommand command, UnaryOperator<GroupsConfig> change) {
        return edit(command, GROUPS, GroupsConfig::parse, GroupsConfig::write, change);
    }

    /** What an edit prints: {@code <what> <name> (version N)}, or JSON with the name under {@code key}. */
    static void report(NodeCliCommand command, String key, String name, String what, long version) {
        command.print(() -> new JsonObject().put(key, name).put("version", version).encodePrettily(),
                () -> what + " " + name + " (version " + version + ")\n");
    }

    /** A config listing: the file's text, or the API's list of its entries (as Proxmox's API has them) in JSON. */
    static void printConfig(NodeCliCommand command, String path, String route) {
        NodeApi api = NodeApi.forDir(command.dir.path());
        if (command.output.json()) {
            JsonArray list = (JsonArray) HaChecks.haData(api, route);
            command.print(list::encodePrettily, () -> "");
        } else {
            String text = HaConfigEdit.read(api, path);
            command.print(() -> "", () -> text);
        }
    }

    static ResourceId sid(String text) {
        try {
            ResourceId sid = ResourceId.parse(text);
            if (!ResourcesConfig.GUEST_TYPES.contains(sid.type())) {
                throw new IllegalArgumentException("only vm:<id> and ct:<id> resources, got '" + text + "'");
            }
            return sid;
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid resource id '" + text + "': " + e.getMessage(), 2);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add an HA resource (ha-manager add).")
    static final class Add extends NodeCliCommand {
        @Parameters(index = "0", paramLabel = "SID")
        String sid;

        @picocli.CommandLine.Mixin
        ResourceOptions options;

        @Override
        public Integer call() {
            ResourceId id = sid(sid);
            long version = editResources(this, config -> {
                if (config.get(id).isPresent()) {
                    throw new CliException("resource '" + id + "' is already defined");
                }
                return config.with(options.applyTo(HaResource.of(id)));
            });
            report(this, "sid", id.toString(), "added", version);
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Change an HA resource (ha-manager set).")
    static final class Set extends NodeCliCommand {
        @Parameters(index = "0", paramLabel = "SID")
        String sid;

        @picocli.CommandLine.Mixin
        ResourceOptions options;

        @Override
        public Integer call() {
            ResourceId id = sid(sid);
            long version = editResources(this, config -> config.with(options.applyTo(config.get(id)
                    .orElseThrow(() -> new CliException("no HA resource '" + id + "'")))));
            report(this, "sid", id.toString(), "changed", version);
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an HA resource (ha-manager remove).")
    static final class Remove extends NodeCliCommand {
        @Parameters(index = "0", paramLabel = "SID")
        String sid;

        @Override
        public Integer call() {
            ResourceId id = sid(sid);
            long version = editResources(this, config -> {
                if (config.get(id).isEmpty()) {
                    throw new CliException("no HA resource '" + id + "'");
                }
                return config.without(id);
            });
            report(this, "sid", id.toString(), "removed", version);
            return 0;
        }
    }

    @Command(name = "config", mixinStandardHelpOptions = true, description = "List the HA resources (ha-manager config).")
    static final class Config extends NodeCliCommand {
        @Override
        public Integer call() {
            printConfig(this, RESOURCES, "resources");
            return 0;
        }
    }

    @Command(name = "groupadd", mixinStandardHelpOptions = true, description = "Add an HA group (ha-manager groupadd).")
    static final class GroupAdd extends NodeCliCommand {
        @Parameters(index = "0", paramLabel = "GROUP")
        String name;

        @Option(names = "--nodes", required = true, description = "node[:priority],... e.g. n1:2,n2")
        String nodes;

        @Option(names = "--restricted", description = "services may only run on the group's nodes")
        boolean restricted;

        @Option(names = "--nofailback", description = "do not move services back to a higher-priority node")
        boolean nofailback;

        @Option(names = "--comment")
        String comment;

        @Override
        public Integer call() {
            long version = editGroups(this, config -> {
                if (config.get(name).isPresent()) {
                    throw new CliException("group '" + name + "' is already defined");
                }
                return config.with(HaGroup.of(name, NodePriorities.parse(nodes)).withRestricted(restricted)
                        .withNofailback(nofailback).withComment(Optional.ofNullable(comment)));
            });
            report(this, "group", name, "added group", version);
            return 0;
        }
    }

    @Command(name = "groupset", mixinStandardHelpOptions = true, description = "Change an HA group (ha-manager groupset).")
    static final class GroupSet extends NodeCliCommand {
        @Parameters(index = "0", paramLabel = "GROUP")
        String name;

        @Option(names = "--nodes", description = "node[:priority],... e.g. n1:2,n2")
        String nodes;

        @Option(names = "--restricted", arity = "0..1", fallbackValue = "1", description = "0 or 1 (alone: 1)")
        String restricted;

        @Option(names = "--nofailback", arity = "0..1", fallbackValue = "1", description = "0 or 1 (alone: 1)")
        String nofailback;

        @Option(names = "--comment", description = "empty: no comment")
        String comment;

        @Override
        public Integer call() {
            long version = editGroups(this, config -> {
                HaGroup group = config.get(name).orElseThrow(() -> new CliException("no HA group '" + name + "'"));
                if (nodes != null) {
                    group = group.withNodes(NodePriorities.parse(nodes));
                }
                if (restricted != null) {
                    group = group.withRestricted(HaChecks.bool("--restricted", restricted));
                }
                if (nofailback != null) {
                    group = group.withNofailback(HaChecks.bool("--nofailback", nofailback));
                }
                if (comment != null) {
                    group = group.withComment(Optional.of(comment).filter(c -> !c.isEmpty()));
                }
                return config.with(group);
            });
            report(this, "group", name, "changed group", version);
            return 0;
        }
    }

    @Command(name = "groupremove", mixinStandardHelpOptions = true, description = "Remove an HA group (ha-manager groupremove).")
    static final class GroupRemove extends NodeCliCommand {
        @Parameters(index = "0", paramLabel = "GROUP")
        String name;

        @Override
        public Integer call() {
            long version = editGroups(this, config -> {
                if (config.get(name).isEmpty()) {
                    throw new CliException("no HA group '" + name + "'");
                }
                return config.without(name);
            });
            report(this, "group", name, "removed group", version);
            return 0;
        }
    }

    @Command(name = "groupconfig", mixinStandardHelpOptions = true, description = "List the HA groups (ha-manager groupconfig).")
    static final class GroupConfig extends NodeCliCommand {
        @Override
        public Integer call() {
            printConfig(this, GROUPS, "groups");
            return 0;
        }
    }
}
