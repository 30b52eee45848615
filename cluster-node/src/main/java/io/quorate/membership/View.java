package io.quorate.membership;

import io.quorate.protocol.RingId;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/** An installed membership view: the ring id and its members (node ids, ascending). */
public record View(RingId ring, SortedSet<Integer> members) {
    public static final View NONE = new View(RingId.NONE, new TreeSet<>());

    public View {
        members = Collections.unmodifiableSortedSet(new TreeSet<>(members));
    }

    public boolean contains(int nodeId) {
        return members.contains(nodeId);
    }

    @Override
    public String toString() {
        return ring + " " + members;
    }
}
