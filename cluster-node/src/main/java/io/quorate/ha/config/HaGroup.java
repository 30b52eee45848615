package io.quorate.ha.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code ha/groups.cfg} (HA groups, the placement mechanism before Proxmox VE 9, which
 * converts them into node-affinity rules: see {@link GroupMigration}).
 *
 * @param name the group id, a {@code pve-configid}
 * @param nodes member nodes with priorities (required, at least one)
 * @param restricted resources may run only on member nodes (becomes a strict rule)
 * @param nofailback do not move resources back to a higher-priority node when it returns (becomes
 *     the resources' {@code failback 0})
 * @param comment free text, one line
 */
public record HaGroup(String name, NodePriorities nodes, boolean restricted, boolean nofailback,
        Optional<String> comment) {

    public HaGroup {
        HaSyntax.requireConfigId("group id", name);
        Objects.requireNonNull(nodes, "nodes");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("group '" + name + "' needs at least one node");
        }
        comment = HaSyntax.comment(comment);
    }

    public static HaGroup of(String name, NodePriorities nodes) {
        return new HaGroup(name, nodes, false, false, Optional.empty());
    }

    public HaGroup withNodes(NodePriorities newNodes) {
        return new HaGroup(name, newNodes, restricted, nofailback, comment);
    }

    public HaGroup withRestricted(boolean newRestricted) {
        return new HaGroup(name, nodes, newRestricted, nofailback, comment);
    }

    public HaGroup withNofailback(boolean newNofailback) {
        return new HaGroup(name, nodes, restricted, newNofailback, comment);
    }

    public HaGroup withComment(Optional<String> newComment) {
        return new HaGroup(name, nodes, restricted, nofailback, newComment);
    }
}
