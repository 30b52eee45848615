package io.quorate.ha.conformance;

import java.util.Objects;

/**
 * One CRM decision about a node's state: {@code node 'node3': state changed from 'online' => 'unknown'}.
 * States are {@code online}, {@code unknown}, {@code fence}, {@code maintenance}, {@code gone}, plus
 * the pseudo-state {@value #DELETED} for {@code deleting gone node 'node3', not a cluster member anymore.}
 * {@code time} is for messages only: {@link #sameDecision} and {@link DecisionComparison} ignore it.
 *
 * @param time  simulated seconds when it was logged
 * @param from  the state before
 * @param state the state after
 */
public record NodeChange(long time, String from, String state) {

    /** Pseudo-state: the CRM dropped a gone node from its node status. */
    public static final String DELETED = "deleted";

    public NodeChange {
        Objects.requireNonNull(state, "state");
    }

    /** Equal apart from the time. */
    public boolean sameDecision(NodeChange other) {
        return other != null && Objects.equals(from, other.from) && state.equals(other.state);
    }

    /** E.g. {@code online→unknown}. */
    public String describe() {
        return from == null ? state : from + "→" + state;
    }
}
