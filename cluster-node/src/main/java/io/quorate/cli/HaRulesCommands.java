package io.quorate.cli;

import io.quorate.config.ConfigException;
import io.quorate.ha.config.Affinity;
import io.quorate.ha.config.HaRule;
import io.quorate.ha.config.NodeAffinityRule;
import io.quorate.ha.config.NodePriorities;
import io.quorate.ha.config.ResourceAffinityRule;
import io.quorate.ha.config.ResourceId;
import io.quorate.ha.config.RulesConfig;
import io.quorate.ha.state.HaPaths;
import io.vertx.core.json.JsonArray;
import java.util.Arrays;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ha-manager rules ...} (Proxmox VE 9): node-affinity and resource-affinity rules in
 * {@code ha/rules.cfg}, each edit a read-modify-write under the {@code ha_config} lock. As in
 * Proxmox, a rule may only name configured HA resources and cluster nodes.
 */
final class HaRulesCommands {
    private HaRulesCommands() {
    }

    /** The rule options of add and set; absent ones keep the old value (set) or take the default (add). */
    static final class RuleOptions {
        @Option(names = "--resources", description = "HA resources, e.g. vm:101,ct:102")
        String resources;

        @Option(names = "--nodes", description = "node-affinity: node[:priority],... e.g. n1:2,n2")
        String nodes;

        @Option(names = "--strict", arity = "0..1", fallbackValue = "1",
                description = "node-affinity: 1 = only on these nodes, 0 = prefer them (default 0)")
        String strict;

        @Option(names = "--affinity", description = "resource-affinity: positive (together) or negative (apart)")
        String affinity;

        @Option(names = "--disable", arity = "0..1", fallbackValue = "1", description = "1 = keep the rule but ignore it")
        String disable;

        @Option(names = "--comment")
        String comment;

        SortedSet<ResourceId> resources(SortedSet<ResourceId> old) {
            if (resources == null) {
                return old;
            }
            TreeSet<ResourceId> sids = new TreeSet<>();
            Arrays.stream(resources.split("[,;\\s]+")).filter(s -> !s.isEmpty()).forEach(s -> sids.add(HaResourceCommands.sid(s)));
            return sids;
        }

        boolean flag(String option, String value, boolean old) {
            return value == null ? old : HaChecks.bool(option, value);
        }

        Optional<String> comment(Optional<String> old) {
            return comment == null ? old : Optional.of(comment).filter(c -> !c.isEmpty());
        }

        /** Builds the rule of {@code type} from these options over {@code old} (null: a new rule). */
        HaRule apply(String type, String id, HaRule old) {
            try {
                if (type.equals(NodeAffinityRule.TYPE)) {
                    return nodeAffinity(id, (NodeAffinityRule) old);
                }
                if (type.equals(ResourceAffinityRule.TYPE)) {
                    return resourceAffinity(id, (ResourceAffinityRule) old);
                }
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), 2);
            }
            throw new CliException("unknown rule type '" + type + "' (node-affinity or resource-affinity)", 2);
        }

        private NodeAffinityRule nodeAffinity(String id, NodeAffinityRule old) {
            refuse(affinity != null && !affinity.equals(Affinity.POSITIVE.text()), "--affinity: a node-affinity rule is always positive");
            SortedSet<ResourceId> sids = resources(old == null ? null : old.resources());
            NodePriorities priorities = nodes != null ? NodePriorities.parse(nodes) : old == null ? null : old.nodes();
            refuse(sids == null, "a node-affinity rule needs --resources");
            refuse(priorities == null, "a node-affinity rule needs --nodes");
            return new NodeAffinityRule(id, sids, priorities, flag("--strict", strict, old != null && old.strict()),
                    flag("--disable", disable, old != null && old.disabled()), comment(old == null ? Optional.empty() : old.comment()));
        }

        private ResourceAffinityRule resourceAffinity(String id, ResourceAffinityRule old) {
            refuse(nodes != null || strict != null, "--nodes and --strict are for node-affinity rules");
            SortedSet<ResourceId> sids = resources(old == null ? null : old.resources());
            Affinity kind = affinity != null ? Affinity.parse(affinity) : old == null ? null : old.affinity();
            refuse(sids == null, "a resource-affinity rule needs --resources");
            refuse(kind == null, "a resource-affinity rule needs --affinity positive|negative");
            return new ResourceAffinityRule(id, sids, kind, flag("--disable", disable, old != null && old.disabled()),
                    comment(old == null ? Optional.empty() : old.comment()));
        }

        private static void refuse(boolean wrong, String problem) {
            if (wrong) {
                throw new CliException(problem, 2);
            }
        }
    }

    /** Edits ha/rules.cfg under the lock; the edited rule's resources and nodes must exist. */
    static long editRules(NodeCliCommand command, UnaryOperator<RulesConfig> change, String changedRule) {
        NodeApi api = NodeApi.forDir(command.dir.path());
        return HaResourceCommands.edit(command, HaPaths.RULES, RulesConfig::parse, RulesConfig::write, config -> {
            RulesConfig updated = change.apply(config);
            updated.get(changedRule).ifPresent(rule -> {
                HaChecks.requireConfigured(api, rule.resources());
                if (rule instanceof NodeAffinityRule nodeAffinity) {
                    HaChecks.requireMembers(api, nodeAffinity.nodes().nodes());
                }
            });
            return updated;
        });
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add an HA rule: rules add node-affinity|resource-affinity <rule> --resources ... (ha-manager rules add).")
    static final class Add extends NodeCliCommand {
        @Parameters(index = "0", paramLabel = "TYPE", description = "node-affinity or resource-affinity")
        String type;

        @Parameters(index = "1", paramLabel = "RULE")
        String id;

        @Mixin
        RuleOptions options;

        @Override
        public Integer call() {
            HaRule rule = options.apply(type, id, null);
            long version = editRules(this, config -> {
                if (config.get(id).isPresent()) {
                    throw new CliException("HA rule '" + id + "' already defined");
                }
                return config.with(rule);
            }, id);
            HaResourceCommands.report(this, "rule", id, "added rule", version);
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Change an HA rule (ha-manager rules set <type> <rule>).")
    static final class Set extends NodeCliCommand {
        @Parameters(index = "0", paramLabel = "TYPE")
        String type;

        @Parameters(index = "1", paramLabel = "RULE")
        String id;

        @Mixin
        RuleOptions options;

        @Override
        public Integer call() {
            long version = editRules(this, config -> {
                HaRule old = config.get(id).orElseThrow(() -> new CliException("HA rule '" + id + "' does not exist"));
                if (!old.type().equals(type)) {
                    throw new CliException("HA rule '" + id + "' is a " + old.type() + " rule, not " + type, 2);
                }
                return config.with(options.apply(type, id, old));
            }, id);
            HaResourceCommands.report(this, "rule", id, "changed rule", version);
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an HA rule (ha-manager rules remove).")
    static final class Remove extends NodeCliCommand {
        @Parameters(index = "0", paramLabel = "RULE")
        String id;

        @Override
        public Integer call() {
            long version = editRules(this, config -> {
                if (config.get(id).isEmpty()) {
                    throw new CliException("HA rule '" + id + "' does not exist");
                }
                return config.without(id);
            }, id);
            HaResourceCommands.report(this, "rule", id, "removed rule", version);
            return 0;
        }
    }

    @Command(name = "config", mixinStandardHelpOptions = true,
            description = "List the HA rules (ha-manager rules config): the file, or the API's list with --output-format json.")
    static final class Config extends NodeCliCommand {
        @Option(names = "--type", description = "only rules of this type")
        String type;

        @Override
        public Integer call() {
            NodeApi api = NodeApi.forDir(dir.path());
            if (output.json()) {
                JsonArray rules = (JsonArray) HaChecks.haData(api, "rules" + (type == null ? "" : "?type=" + FsCommand.query(type)));
                print(rules::encodePrettily, () -> "");
                return 0;
            }
            RulesConfig config;
            try {
                config = RulesConfig.parse(HaPaths.RULES, HaConfigEdit.read(api, HaPaths.RULES));
            } catch (ConfigException e) {
                throw new CliException(e.getMessage());
            }
            String text = RulesConfig.of(config.rules().stream().filter(r -> type == null || r.type().equals(type)).toList()).write();
            print(() -> "", () -> text);
            return 0;
        }
    }

    @Command(name = "rules", mixinStandardHelpOptions = true, description = "HA rules (Proxmox VE 9): node and resource affinity.",
            subcommands = {Add.class, Set.class, Remove.class, Config.class})
    static final class Rules {
    }
}
