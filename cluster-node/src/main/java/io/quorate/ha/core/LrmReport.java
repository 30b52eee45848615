package io.quorate.ha.core;

import java.util.Map;

/**
 * What an LRM last wrote to {@code nodes/<node>/lrm_status}: its state and mode, and the result
 * (exit code) of the command it ran for each service command uid.
 */
public record LrmReport(String state, String mode, Map<String, Integer> results) {
    public static final int SUCCESS = 0;

    public boolean active() {
        return state.equals("active");
    }
}
