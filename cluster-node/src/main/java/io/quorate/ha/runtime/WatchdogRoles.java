package io.quorate.ha.runtime;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which of this node's HA roles (CRM master, active LRM) need the watchdog, and how fresh each
 * one's proof of life is: the monotonic time at which it asked for the lock renewal that last
 * succeeded. The watchdog is fed as of the oldest proof, so it fires if any role's lock could lapse.
 */
final class WatchdogRoles {
    private final Map<String, Long> provenAt = new TreeMap<>();

    /** A role took or renewed its lock; {@code askedAtNanos} is when it asked (System.nanoTime). */
    void proven(String role, long askedAtNanos) {
        provenAt.put(role, askedAtNanos);
    }

    /** A role ended cleanly (lock released): it no longer needs the watchdog. */
    void ended(String role) {
        provenAt.remove(role);
    }

    boolean needed() {
        return !provenAt.isEmpty();
    }

    /** The oldest proof among the roles, which is what the watchdog may count from. */
    Optional<Long> oldestProof() {
        return provenAt.values().stream().min(Long::compare);
    }
}
