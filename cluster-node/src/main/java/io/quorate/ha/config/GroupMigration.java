package io.quorate.ha.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Proxmox VE 9's conversion of HA groups into node-affinity rules ({@code PVE::HA::Groups}
 * {@code migrate_groups_to_rules} / {@code migrate_groups_to_resources}):
 * <ul>
 *   <li>every group that at least one resource names becomes the rule {@code ha-group-<name>} over
 *       exactly those resources; groups no resource names, and resources naming a group that does
 *       not exist, produce nothing;</li>
 *   <li>the group's {@code nodes} (with priorities) become the rule's nodes; {@code restricted}
 *       becomes {@code strict};</li>
 *   <li>the rule's comment is the group's, or {@code Generated from HA group '<name>'.};</li>
 *   <li>each grouped resource gets {@code failback} = not {@code nofailback} of its group.</li>
 * </ul>
 * The CRM master does this in memory every round while groups exist ({@link #inMemory}) and writes
 * it to the files once the whole cluster can take it ({@link #migrate}: rules written, resources'
 * {@code group} removed and {@code failback} set, groups.cfg deleted). A rule already named
 * {@code ha-group-<name>} is replaced, as in Proxmox; Quorate keeps it at its place in the file and
 * appends new rules in groups.cfg order (Proxmox's order is its hash order).
 */
public final class GroupMigration {

    /** Rule ids made from groups: {@code ha-group-<group>}. */
    public static final String RULE_ID_PREFIX = "ha-group-";

    private GroupMigration() {
    }

    /** The outcome of a persistent migration. */
    public record Result(RulesConfig rules, ResourcesConfig resources, GroupsConfig groups) {
        public Result {
            Objects.requireNonNull(rules, "rules");
            Objects.requireNonNull(resources, "resources");
            Objects.requireNonNull(groups, "groups");
        }
    }

    public static String ruleId(String group) {
        return RULE_ID_PREFIX + HaSyntax.requireConfigId("group id", group);
    }

    /** {@code rules} with one node-affinity rule per used group added (or replaced). */
    public static RulesConfig toRules(GroupsConfig groups, ResourcesConfig resources, RulesConfig rules) {
        Map<String, TreeSet<ResourceId>> members = new LinkedHashMap<>();
        for (HaResource resource : resources.resources()) {
            resource.group().ifPresent(g -> members.computeIfAbsent(g, k -> new TreeSet<>()).add(resource.sid()));
        }
        RulesConfig result = rules;
        for (HaGroup group : groups.groups()) {
            TreeSet<ResourceId> sids = members.get(group.name());
            if (sids == null) {
                continue;
            }
            Optional<String> comment = Optional.of(group.comment()
                    .orElse("Generated from HA group '" + group.name() + "'."));
            result = result.with(new NodeAffinityRule(ruleId(group.name()), sids, group.nodes(), group.restricted(),
                    false, comment));
        }
        return result;
    }

    /**
     * The resources' effective failback while groups still exist: a grouped resource's
     * {@code failback} is the negation of its group's {@code nofailback} (true when the group does
     * not exist); the {@code group} stays.
     */
    public static ResourcesConfig applyNofailback(GroupsConfig groups, ResourcesConfig resources) {
        List<HaResource> result = new ArrayList<>();
        for (HaResource resource : resources.resources()) {
            result.add(resource.group().isPresent()
                    ? resource.withFailback(effectiveFailback(resource, groups)) : resource);
        }
        return ResourcesConfig.of(result);
    }

    /** A resource's failback with its group's {@code nofailback} applied. */
    public static boolean effectiveFailback(HaResource resource, GroupsConfig groups) {
        if (resource.group().isEmpty()) {
            return resource.failback();
        }
        return groups.get(resource.group().get()).map(g -> !g.nofailback()).orElse(true);
    }

    /** What the CRM uses while groups exist: groups applied, files untouched. */
    public static Result inMemory(GroupsConfig groups, ResourcesConfig resources, RulesConfig rules) {
        return new Result(toRules(groups, resources, rules), applyNofailback(groups, resources), groups);
    }

    /**
     * The persistent migration: rules with the group rules, resources with failback set and no
     * group, and no groups left.
     */
    public static Result migrate(GroupsConfig groups, ResourcesConfig resources, RulesConfig rules) {
        RulesConfig newRules = toRules(groups, resources, rules);
        List<HaResource> newResources = new ArrayList<>();
        for (HaResource resource : applyNofailback(groups, resources).resources()) {
            newResources.add(resource.withGroup(Optional.empty()));
        }
        return new Result(newRules, ResourcesConfig.of(newResources), GroupsConfig.empty());
    }
}
