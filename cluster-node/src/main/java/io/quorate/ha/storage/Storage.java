package io.quorate.ha.storage;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One {@code storage.cfg} entry as placement needs it.
 *
 * @param nodes the nodes that have it ({@code nodes n1,n2}); empty means every node
 * @param shared one storage for all its nodes (by type, or {@code shared 1}), as opposed to a
 *               separate local storage of the same name on each node
 */
public record Storage(String id, StorageType type, boolean shared, SortedSet<String> nodes, boolean disabled) {

    public Storage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        nodes = Collections.unmodifiableSortedSet(new TreeSet<>(nodes));
    }

    /** Configured on this node (disabled or not). */
    public boolean onNode(String node) {
        return nodes.isEmpty() || nodes.contains(node);
    }
}
