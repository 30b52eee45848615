package io.quorate.ha.core;

import java.util.Locale;

/** A service's CRM state, as pve-ha-manager names them. */
public enum ServiceState {
    REQUEST_START, STARTED, REQUEST_STOP, STOPPED, MIGRATE, RELOCATE, FENCE, RECOVERY, FREEZE, ERROR,
    REQUEST_START_BALANCE;

    public String pveName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ServiceState ofPveName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
