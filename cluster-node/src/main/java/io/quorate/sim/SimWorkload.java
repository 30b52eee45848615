package io.quorate.sim;

import java.util.List;
import java.util.Random;

/**
 * A seeded generator of client operations on the config tree (Jepsen's generator): writes and
 * removes of a few contended paths, consistent reads, and lock traffic (acquire, renew, release,
 * writes under the lock; sometimes with a stale epoch, which must be refused).
 */
final class SimWorkload {
    static final List<String> LOCKS = List.of("ha_manager_lock", "ha_agent_n1_lock");
    private static final List<String> PATHS = List.of("datacenter.cfg", "storage.cfg", "ha/resources.cfg",
            "nodes/n1/qemu-server/101.conf");
    private static final String GUARDED_PATH = "ha/manager_status";

    /** One operation to invoke: on which node, what, and for lock operations which lock. */
    record Planned(int node, ConfigHistory.Kind kind, String path, String value, String lock, boolean stale) {
    }

    private final Random random;
    private final ConfigHistory history;
    private long nextAt = Long.MAX_VALUE;
    private long untilMs;
    private long values;

    SimWorkload(Random random, ConfigHistory history) {
        this.random = random;
        this.history = history;
    }

    void runUntil(long now, long untilMs) {
        this.untilMs = untilMs;
        this.nextAt = now + gap();
    }

    long nextAt() {
        return nextAt;
    }

    /** The next operation among the nodes that are up, or null when none is (the schedule moves on either way). */
    Planned next(List<Integer> upNodes) {
        long now = nextAt;
        nextAt = now + gap();
        if (nextAt > untilMs) {
            nextAt = Long.MAX_VALUE;
        }
        if (upNodes.isEmpty()) {
            return null;
        }
        int node = upNodes.get(random.nextInt(upNodes.size()));
        String lock = LOCKS.get(random.nextInt(LOCKS.size()));
        boolean stale = random.nextInt(5) == 0;
        int roll = random.nextInt(100);
        if (roll < 40) {
            return new Planned(node, ConfigHistory.Kind.WRITE, path(), value(node), null, false);
        } else if (roll < 47) {
            return new Planned(node, ConfigHistory.Kind.REMOVE, path(), null, null, false);
        } else if (roll < 65) {
            return new Planned(node, ConfigHistory.Kind.READ, path(), null, null, false);
        } else if (roll < 75) {
            return new Planned(node, ConfigHistory.Kind.ACQUIRE, "priv/lock/" + lock, null, lock, false);
        } else if (roll < 85) {
            return new Planned(node, ConfigHistory.Kind.RENEW, "priv/lock/" + lock, null, lock, stale);
        } else if (roll < 88) {
            return new Planned(node, ConfigHistory.Kind.RELEASE, "priv/lock/" + lock, null, lock, stale);
        }
        return new Planned(node, ConfigHistory.Kind.GUARDED_WRITE, GUARDED_PATH, value(node), lock, stale);
    }

    /** An epoch that is not the one held: 0 when nothing is held, else an older one. */
    long staleEpoch(long heldEpoch) {
        return heldEpoch <= 1 ? 1 + random.nextInt(3) : random.nextLong(heldEpoch);
    }

    private long gap() {
        return 5 + random.nextInt(60);
    }

    private String path() {
        return PATHS.get(random.nextInt(PATHS.size()));
    }

    private String value(int node) {
        return "n" + node + "-" + (++values);
    }
}
