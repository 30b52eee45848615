package io.quorate.ha.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The node-affinity constraints in effect, compiled once per config change as Proxmox VE 9's CRM
 * does ({@code PVE::HA::Rules::NodeAffinity}), and asked per resource with the online nodes.
 *
 * <p>Compiling: disabled rules are left out; HA groups still present are applied as the rules they
 * convert to ({@link GroupMigration}); a resource named by more than one enabled node-affinity
 * rule makes all of those rules infeasible, and they are dropped entirely (Proxmox's
 * {@code check_single_resource_reference}), with one message per cause in
 * {@link #droppedRules()}.
 *
 * <p>Asking ({@link #allowedNodes}): a resource without a rule may run on every online node, all
 * at priority 0. With a rule, the rule's online nodes are allowed with their priorities; a
 * non-strict rule also allows every other online node at {@link AllowedNodes#FALLBACK_PRIORITY}, so
 * the resource falls back to them only when none of the rule's nodes is online; a strict rule allows
 * nothing else, so with none of its nodes online the resource may run nowhere.
 */
public final class NodeAffinity {

    private static final NodeAffinity NONE = new NodeAffinity(Map.of(), List.of());

    private final Map<ResourceId, NodeAffinityRule> ruleBySid;
    private final List<String> droppedRules;

    private NodeAffinity(Map<ResourceId, NodeAffinityRule> ruleBySid, List<String> droppedRules) {
        this.ruleBySid = Map.copyOf(ruleBySid);
        this.droppedRules = List.copyOf(droppedRules);
    }

    /** No constraints: every resource may run on every online node. */
    public static NodeAffinity none() {
        return NONE;
    }

    /** From rules.cfg alone (groups already migrated, or none). */
    public static NodeAffinity compile(RulesConfig rules) {
        Objects.requireNonNull(rules, "rules");
        List<NodeAffinityRule> enabled = rules.nodeAffinityRules().stream().filter(r -> !r.disabled()).toList();
        Map<ResourceId, List<String>> rulesBySid = new HashMap<>();
        for (NodeAffinityRule rule : enabled) {
            for (ResourceId sid : rule.resources()) {
                rulesBySid.computeIfAbsent(sid, k -> new ArrayList<>()).add(rule.id());
            }
        }
        TreeMap<String, TreeSet<ResourceId>> conflicts = new TreeMap<>();
        rulesBySid.forEach((sid, ids) -> {
            if (ids.size() > 1) {
                ids.forEach(id -> conflicts.computeIfAbsent(id, k -> new TreeSet<>()).add(sid));
            }
        });
        List<String> messages = new ArrayList<>();
        conflicts.forEach((id, sids) -> sids.forEach(sid -> messages.add("Drop rule '" + id + "', because resource '"
                + sid + "' is already used in another node affinity rule.")));
        Map<ResourceId, NodeAffinityRule> ruleBySid = new HashMap<>();
        for (NodeAffinityRule rule : enabled) {
            if (conflicts.containsKey(rule.id())) {
                continue;
            }
            rule.resources().forEach(sid -> ruleBySid.put(sid, rule));
        }
        return new NodeAffinity(ruleBySid, messages);
    }

    /** From all three files, groups applied in memory as Proxmox VE 9 does until they are migrated. */
    public static NodeAffinity compile(ResourcesConfig resources, GroupsConfig groups, RulesConfig rules) {
        return compile(GroupMigration.toRules(groups, resources, rules));
    }

    /** The rule in effect for this resource, if any. */
    public Optional<NodeAffinityRule> ruleFor(ResourceId sid) {
        return Optional.ofNullable(ruleBySid.get(sid));
    }

    /** Why rules were left out, in Proxmox's wording, sorted by rule id. */
    public List<String> droppedRules() {
        return droppedRules;
    }

    /** Where the resource may run given these online nodes; see the class comment. */
    public AllowedNodes allowedNodes(ResourceId sid, Set<String> onlineNodes) {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(onlineNodes, "onlineNodes");
        NodeAffinityRule rule = ruleBySid.get(sid);
        if (rule == null) {
            return AllowedNodes.all(onlineNodes);
        }
        TreeMap<String, Integer> allowed = new TreeMap<>();
        for (String node : onlineNodes) {
            if (rule.nodes().contains(node)) {
                allowed.put(node, rule.nodes().priority(node).getAsInt());
            } else if (!rule.strict()) {
                allowed.put(node, AllowedNodes.FALLBACK_PRIORITY);
            }
        }
        return new AllowedNodes(Collections.unmodifiableSortedMap(allowed));
    }
}
