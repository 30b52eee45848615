package io.quorate.ha.conformance;

import java.util.Objects;

/**
 * A fencing acknowledgement by the CRM master: {@code fencing: acknowledged - got agent lock for node
 * 'node3'}, proof that the node is dead so its services may be recovered. {@code lock} is the lock
 * that proved it, as logged just before ({@code got lock 'ha_agent_node3_lock'}), else
 * {@code ha_agent_<node>_lock}. {@code time} is for messages only: {@link #sameDecision} and
 * {@link DecisionComparison} ignore it.
 *
 * @param time simulated seconds when it was logged
 * @param node the fenced node
 * @param lock the lock whose acquisition acknowledged the fence
 */
public record FenceAck(long time, String node, String lock) {

    public FenceAck {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(lock, "lock");
    }

    /** The agent lock of a node, as pve-ha-manager names it. */
    public static String agentLock(String node) {
        return "ha_agent_" + node + "_lock";
    }

    /** Equal apart from the time. */
    public boolean sameDecision(FenceAck other) {
        return other != null && node.equals(other.node) && lock.equals(other.lock);
    }

    /** E.g. {@code node3 (lock ha_agent_node3_lock)}. */
    public String describe() {
        return node + " (lock " + lock + ")";
    }
}
