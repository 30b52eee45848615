package io.quorate.membership;

import io.quorate.protocol.RingId;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** A view this node proposed as representative, waiting for every member's acknowledgement. */
final class Proposal {
    final RingId ring;
    final SortedSet<Integer> members;
    final SortedSet<Integer> acks = new TreeSet<>();
    final long deadline;

    Proposal(RingId ring, SortedSet<Integer> members, int self, long deadline) {
        this.ring = ring;
        this.members = members;
        this.deadline = deadline;
        acks.add(self);
    }

    boolean complete() {
        return acks.containsAll(members);
    }

    List<Integer> missingAcks() {
        return members.stream().filter(m -> !acks.contains(m)).toList();
    }
}
