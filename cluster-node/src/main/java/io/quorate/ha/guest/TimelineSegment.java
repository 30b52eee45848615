package io.quorate.ha.guest;

import java.util.List;

/**
 * Consecutive rounds in which the same set of nodes answered for a sid. The set changed somewhere
 * between the previous segment's end and this one's start.
 *
 * @param nodes the nodes that answered in each of these rounds, sorted; empty when none did
 * @param fromNanos start of the first round
 * @param toNanos end of the last round
 * @param rounds how many rounds
 */
public record TimelineSegment(List<String> nodes, long fromNanos, long toNanos, long rounds) {
    public TimelineSegment {
        nodes = List.copyOf(nodes);
    }

    TimelineSegment extendTo(long roundEndNanos) {
        return new TimelineSegment(nodes, fromNanos, roundEndNanos, rounds + 1);
    }

    String describe(ProbeClock clock) {
        return String.format("%-14s %s .. %s, %d rounds", nodes.isEmpty() ? "(no answer)" : String.join("+", nodes),
                clock.format(fromNanos), clock.format(toNanos), rounds);
    }
}
