package io.quorate.ha.core;

/** Where a daemon's decisions are told, in pve-ha-manager's words (levels info, warn, err, emai). */
@FunctionalInterface
public interface HaLog {
    void log(String level, String message);
}
