package io.quorate.ha.conformance;

import java.util.Objects;

/**
 * One CRM decision about a service: a state change, or one of two pseudo-states marking the service's
 * entry into and exit from the manager's service status.
 *
 * <ul>
 *   <li>{@value #ADDED}: {@code adding new service 'vm:101' on node 'node1'}; {@code from} is
 *       {@code null}. The state the CRM gave it (Proxmox: {@code request_start} for a started
 *       resource, else {@code request_stop}) is the {@code from} of the service's next change.</li>
 *   <li>{@value #REMOVED}: {@code removing stale service 'vm:101' (no config)} or
 *       {@code (ignored state requested)}; {@code from} is the last known state.</li>
 *   <li>any other state: {@code service 'vm:101': state changed from 'fence' to 'recovery'}.</li>
 * </ul>
 *
 * <p>{@code node} is the service's node after the change: the logged {@code (node = …)} when the
 * line has one, else carried over from the service's previous decision (Proxmox keeps the node on a
 * change unless it names a new one), {@code null} while unknown (a service preloaded from
 * {@code manager_status} without it). {@code target} is the logged {@code target = …} (migrate,
 * relocate), else {@code null}. {@code time} is for messages only: {@link #sameDecision} and
 * {@link DecisionComparison} ignore it.
 *
 * @param time   simulated seconds when it was logged
 * @param from   the state before, {@code null} for {@value #ADDED} or when the log does not say
 * @param state  the state after (a CRM service state, {@value #ADDED} or {@value #REMOVED})
 * @param node   the service's node after the change, or {@code null} when unknown
 * @param target migration/relocation target, or {@code null}
 */
public record ServiceChange(long time, String from, String state, String node, String target) {

    /** Pseudo-state: the CRM added the service to its service status. */
    public static final String ADDED = "added";
    /** Pseudo-state: the CRM removed the service from its service status (deleted or ignored). */
    public static final String REMOVED = "removed";

    public ServiceChange {
        Objects.requireNonNull(state, "state");
    }

    /** Equal apart from the time. */
    public boolean sameDecision(ServiceChange other) {
        return other != null && Objects.equals(from, other.from) && state.equals(other.state)
                && Objects.equals(node, other.node) && Objects.equals(target, other.target);
    }

    /** E.g. {@code recovery→started on node2}, {@code started→migrate on node1 target node2}, {@code added on node3}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (from != null) {
            sb.append(from).append('→');
        }
        sb.append(state);
        sb.append(" on ").append(node == null ? "unknown node" : node);
        if (target != null) {
            sb.append(" target ").append(target);
        }
        return sb.toString();
    }
}
