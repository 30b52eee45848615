package io.quorate.ha.conformance;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Optional;

/**
 * One HA resource from a case's {@code service_config}, as written (raw optionals) plus accessors
 * that apply the defaults of pve-ha-manager's simulator ({@code PVE::HA::Sim::Hardware}): state
 * {@code disabled} when absent and {@code enabled} read as {@code started}; {@code failback} 1,
 * {@code max_restart} 1 and {@code max_relocate} 1 when absent. (Those are the simulator's defaults;
 * the production {@code resources.cfg} defaults to {@code started}.)
 *
 * @param sid         {@code vm:N}, {@code ct:N} or {@code fa:N}
 * @param node        the node the resource is configured on
 * @param state       requested state as written, if present ({@code started}, {@code enabled},
 *                    {@code stopped}, {@code disabled}, {@code ignored})
 * @param group       HA group, if present
 * @param failback    failback as written (0 or 1), if present
 * @param maxRestart  max_restart as written, if present
 * @param maxRelocate max_relocate as written, if present
 * @param raw         the resource's whole JSON object (a copy)
 */
public record ServiceConfig(String sid, String node, Optional<String> state, Optional<String> group,
        Optional<Integer> failback, Optional<Integer> maxRestart, Optional<Integer> maxRelocate,
        JsonObject raw) {

    public static final String DEFAULT_STATE = "disabled";
    public static final int DEFAULT_FAILBACK = 1;
    public static final int DEFAULT_MAX_RESTART = 1;
    public static final int DEFAULT_MAX_RELOCATE = 1;

    public ServiceConfig {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(failback, "failback");
        Objects.requireNonNull(maxRestart, "maxRestart");
        Objects.requireNonNull(maxRelocate, "maxRelocate");
        raw = raw == null ? new JsonObject() : raw.copy();
    }

    /** The requested state with the simulator's defaults: absent → {@code disabled}, {@code enabled} → {@code started}. */
    public String requestedState() {
        String s = state.orElse(DEFAULT_STATE);
        return "enabled".equals(s) ? "started" : s;
    }

    /** Whether the resource moves back to a higher-priority node when one comes back (default yes). */
    public boolean failbackOrDefault() {
        return failback.orElse(DEFAULT_FAILBACK) != 0;
    }

    public int maxRestartOrDefault() {
        return maxRestart.orElse(DEFAULT_MAX_RESTART);
    }

    public int maxRelocateOrDefault() {
        return maxRelocate.orElse(DEFAULT_MAX_RELOCATE);
    }

    /** {@code vm}, {@code ct} or {@code fa}. */
    public String type() {
        return sid.substring(0, sid.indexOf(':'));
    }

    /** The part after the colon: a VMID, or a fake resource's behaviour digits. */
    public String name() {
        return sid.substring(sid.indexOf(':') + 1);
    }

    @Override
    public JsonObject raw() {
        return raw.copy();
    }
}
