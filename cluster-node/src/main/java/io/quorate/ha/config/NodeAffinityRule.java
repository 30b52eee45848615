package io.quorate.ha.config;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A {@code node-affinity} rule: its resources prefer (non-strict) or are restricted to (strict) the
 * given nodes, the highest priority first. Non-strict: if none of the nodes is available the
 * resources may run on any other node. Strict: they may run only on these nodes and are stopped
 * when none is available. (Proxmox also reads {@code affinity positive}, the only allowed value for
 * this type; it carries no information, so it is accepted and not kept.)
 */
public record NodeAffinityRule(String id, SortedSet<ResourceId> resources, NodePriorities nodes, boolean strict,
        boolean disabled, Optional<String> comment) implements HaRule {

    public static final String TYPE = "node-affinity";

    public NodeAffinityRule {
        HaSyntax.requireConfigId("rule id", id);
        resources = HaSyntax.ruleResources(id, resources);
        Objects.requireNonNull(nodes, "nodes");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("rule '" + id + "' needs at least one node");
        }
        comment = HaSyntax.comment(comment);
    }

    public static NodeAffinityRule of(String id, Collection<ResourceId> resources, NodePriorities nodes,
            boolean strict) {
        return new NodeAffinityRule(id, new TreeSet<>(resources), nodes, strict, false, Optional.empty());
    }

    @Override
    public String type() {
        return TYPE;
    }

    public NodeAffinityRule withResources(Collection<ResourceId> newResources) {
        return new NodeAffinityRule(id, new TreeSet<>(newResources), nodes, strict, disabled, comment);
    }

    public NodeAffinityRule withNodes(NodePriorities newNodes) {
        return new NodeAffinityRule(id, resources, newNodes, strict, disabled, comment);
    }

    public NodeAffinityRule withStrict(boolean newStrict) {
        return new NodeAffinityRule(id, resources, nodes, newStrict, disabled, comment);
    }

    public NodeAffinityRule withDisabled(boolean newDisabled) {
        return new NodeAffinityRule(id, resources, nodes, strict, newDisabled, comment);
    }

    public NodeAffinityRule withComment(Optional<String> newComment) {
        return new NodeAffinityRule(id, resources, nodes, strict, disabled, newComment);
    }
}

