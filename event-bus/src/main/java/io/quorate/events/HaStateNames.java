package io.quorate.events;

import java.util.List;

/**
 * The state names of pve-ha-manager that HA metrics show one series each for (1 for the current
 * state, 0 for the others), shared by a node's live metrics and replay's OpenMetrics export so both
 * give the same series.
 */
public final class HaStateNames {
    /** Every CRM state of a service. */
    public static final List<String> SERVICE = List.of("request_start", "started", "request_stop", "stopped", "migrate",
            "relocate", "fence", "recovery", "freeze", "error");
    /** The states of a node's CRM. */
    public static final List<String> CRM = List.of("master", "slave", "wait_for_quorum", "lost_manager_lock");
    /** The states of a node's LRM. */
    public static final List<String> LRM = List.of("active", "wait_for_agent_lock", "maintenance", "lost_agent_lock");

    private HaStateNames() {
    }
}
