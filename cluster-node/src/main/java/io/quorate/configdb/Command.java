package io.quorate.configdb;

import io.quorate.protocol.Blob;

/** A state-machine command of the config log. Each is applied in log order on every node. */
public sealed interface Command {
    Origin origin();

    /** The short name used in events: write, remove, lock_acquire, ... */
    String operation();

    /** The path the command touches ({@code priv/lock/<name>} for locks), or "" for a no-op. */
    String path();

    int bytes();

    record Write(Origin origin, String path, Blob content, Guard guard) implements Command {
        public String operation() {
            return "write";
        }

        public int bytes() {
            return content.size();
        }
    }

    record Remove(Origin origin, String path, Guard guard) implements Command {
        public String operation() {
            return "remove";
        }

        public int bytes() {
            return 0;
        }
    }

    /**
     * Take a lock for the origin node. {@code expectedRenewal} is the version of the last renewal
     * the proposer saw before it judged the lock expired (0: it saw the lock free); the command
     * applies only if nothing changed since, so two nodes cannot both take over one expired lock.
     */
    record LockAcquire(Origin origin, String lock, long expectedRenewal) implements Command {
        public String operation() {
            return "lock_acquire";
        }

        public String path() {
            return LockPaths.pathOf(lock);
        }

        public int bytes() {
            return 0;
        }
    }

    record LockRenew(Origin origin, String lock, long epoch) implements Command {
        public String operation() {
            return "lock_renew";
        }

        public String path() {
            return LockPaths.pathOf(lock);
        }

        public int bytes() {
            return 0;
        }
    }

    record LockRelease(Origin origin, String lock, long epoch) implements Command {
        public String operation() {
            return "lock_release";
        }

        public String path() {
            return LockPaths.pathOf(lock);
        }

        public int bytes() {
            return 0;
        }
    }

    /** A new leader's first entry: committing it commits everything before it (Raft §5.4.2). */
    record Noop(Origin origin) implements Command {
        public String operation() {
            return "noop";
        }

        public String path() {
            return "";
        }

        public int bytes() {
            return 0;
        }
    }
}
