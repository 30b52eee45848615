package io.quorate.configdb;

/**
 * Config-tree settings of a node.
 *
 * @param timers       config-log timing; null derives it from the corosync token ({@link RaftTimers#forToken})
 * @param lockExpiryMs a cluster lock expires this long after the last renewal a node saw (pmxcfs: 120 s)
 */
public record ConfigDbSettings(RaftTimers timers, long lockExpiryMs) {
    public static final long DEFAULT_LOCK_EXPIRY_MS = 120_000;

    public static ConfigDbSettings defaults() {
        return new ConfigDbSettings(null, DEFAULT_LOCK_EXPIRY_MS);
    }

    public ConfigDbSettings {
        if (lockExpiryMs < 1_000) {
            throw new IllegalArgumentException("lock expiry must be at least 1 s, got " + lockExpiryMs + " ms");
        }
    }
}
