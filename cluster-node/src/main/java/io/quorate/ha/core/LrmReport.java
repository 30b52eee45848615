package io.quorate.ha.core;

import java.util.Map;

/**
 * What an LRM last wrote to {@code nodes/<node>/lrm_status}: its state and mode, and the result
 * (exit code) of the command it ran for each service command uid.
 */
public record LrmReport(String state, String mode, Map<String, Integer> results) {
    public static final int SUCCESS = 0;
    public static final int ERROR = 1;
    /** The service is not registered on the node asked to act on it (its guest config lives elsewhere). */
    public static final int WRONG_NODE = 8;
    /** Modes: running normally, or going down for a restart (services freeze) or a shutdown. */
    public static final String MODE_ACTIVE = "active";
    public static final String MODE_RESTART = "restart";
    public static final String MODE_SHUTDOWN = "shutdown";
    /** The node's services move away and nothing is placed there (maintenance, or shutdown policy migrate). */
    public static final String MODE_MAINTENANCE = "maintenance";

    public boolean active() {
        return state.equals("active");
    }
}
