package io.quorate.configdb;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who the log replicates to ({@code members}: every node of the nodelist) and whose copies count
 * for a majority ({@code voters}: the nodes with votes).
 */
public record LogMembership(SortedSet<Integer> members, SortedSet<Integer> voters) {
    public LogMembership {
        members = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(members));
        voters = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(voters));
        if (!members.containsAll(voters)) {
            throw new IllegalArgumentException("voters " + voters + " must be members " + members);
        }
    }

    public static LogMembership of(Set<Integer> members, Set<Integer> voters) {
        return new LogMembership(new TreeSet<>(members), new TreeSet<>(voters));
    }

    public int majority() {
        return voters.size() / 2 + 1;
    }
}
