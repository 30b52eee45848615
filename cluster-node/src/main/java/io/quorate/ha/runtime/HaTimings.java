package io.quorate.ha.runtime;

import java.util.Optional;

/**
 * The HA stack's timings on one node, and the rule that makes self-fencing safe: a node that stops
 * renewing its lock is killed by its watchdog before any other node may judge that lock expired.
 *
 * @param loopMs          how often the CRM and LRM run their loops (Proxmox: 10 s; faster failover here)
 * @param watchdogMs      the watchdog timeout (Proxmox: 60 s)
 * @param lockExpiryMs    cluster lock expiry, as the config tree judges it (Proxmox: 120 s)
 * @param fenceDelayMs    how long the master waits for an offline node before fencing it (Proxmox: 60 s)
 * @param fenceGraceMs    how long a node must stay out of the quorate view before it is powered off over IPMI
 */
public record HaTimings(long loopMs, long watchdogMs, long lockExpiryMs, long fenceDelayMs, long fenceGraceMs) {
    /** From the watchdog firing to the node's processes being dead (supervisor tick + SIGKILL), with room. */
    public static final long KILL_TIME_MS = 1000;

    /** Proxmox's defaults, with a 1 s loop and a grace of two tokens. */
    public static HaTimings defaults(long lockExpiryMs, long tokenMs) {
        return new HaTimings(1000, 60_000, lockExpiryMs, Math.min(60_000, lockExpiryMs / 2), 2 * tokenMs);
    }

    /**
     * Room between the watchdog having killed a node and its lock expiring elsewhere: clocks run at
     * slightly different rates, and the renewal a node's last feed proves may reach others late.
     */
    public long marginMs() {
        return Math.max(2000, lockExpiryMs / 10);
    }

    /** What makes these timings unsafe, or empty: watchdog + kill time must stay below lock expiry − margin. */
    public Optional<String> problem() {
        if (loopMs < 10 || watchdogMs < 1000 || fenceDelayMs < 0 || fenceGraceMs < 0) {
            return Optional.of("HA timings out of range: loop " + loopMs + " ms (≥ 10), watchdog " + watchdogMs
                    + " ms (≥ 1000), fence delay and grace ≥ 0");
        }
        if (watchdogMs + KILL_TIME_MS >= lockExpiryMs - marginMs()) {
            return Optional.of("unsafe HA timings: watchdog " + watchdogMs + " ms + kill time " + KILL_TIME_MS
                    + " ms must stay below lock expiry " + lockExpiryMs + " ms - margin " + marginMs()
                    + " ms, or a node could still run services when others take them over");
        }
        if (3 * loopMs > watchdogMs) {
            return Optional.of("HA loop " + loopMs + " ms must be at most a third of the watchdog timeout " + watchdogMs
                    + " ms, or a healthy node could miss its feed");
        }
        return Optional.empty();
    }
}
