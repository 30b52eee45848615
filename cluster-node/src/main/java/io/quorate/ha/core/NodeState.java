package io.quorate.ha.core;

import java.util.Locale;

/** A node's state in the CRM master's view, as pve-ha-manager names them. */
public enum NodeState {
    ONLINE, MAINTENANCE, UNKNOWN, FENCE, GONE;

    public String pveName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NodeState ofPveName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
