package io.quorate.core;

/** What became of a client's request to the config tree, handed back through {@link Outbox#reply}. */
public sealed interface Outcome {

    /**
     * Committed and applied on this node: the tree is at least at {@code version}. {@code epoch} is
     * the fencing token of a lock acquisition (the lock's epoch for renew and release), else 0.
     */
    record Done(long version, long epoch) implements Outcome {
    }

    /**
     * A nodelist change that cannot commit before the node it adds is running (adding a second
     * voter to a one-node cluster): durably in the leader's log at {@code index}; it commits when the
     * new node catches up.
     */
    record Logged(long index) implements Outcome {
    }

    /**
     * UNSAFE: applied on this node only, on top of the committed tree at {@code basedOnVersion},
     * because an override makes it quorate without a majority of the voters. Reported on rejoin.
     */
    record UnsafeApplied(long basedOnVersion) implements Outcome {
    }

    /** Definitely not applied, and never will be. */
    record Refused(Refusal reason, String detail) implements Outcome {
    }

    /** The write may or may not have committed (its leader went away before saying). */
    record Unknown(String detail) implements Outcome {
    }

    /** A linearizable read may now be served from the local tree, which is at least at {@code readIndex}. */
    record ReadReady(long readIndex) implements Outcome {
    }

    /** Why a request was refused; {@link #code} is the stable name used in events, JSON and metrics. */
    enum Refusal {
        NO_QUORUM("no_quorum"),
        NO_LEADER("no_leader"),
        NO_MAJORITY("no_majority"),
        STALE_EPOCH("stale_epoch"),
        NOT_HOLDER("not_holder"),
        LOCK_HELD("lock_held"),
        TOO_LARGE("too_large"),
        QUOTA("quota"),
        INVALID_PATH("invalid_path"),
        INVALID_CONTENT("invalid_content"),
        NO_SUCH_FILE("no_such_file"),
        NOT_LEADER("not_leader"),
        BUSY("busy"),
        DUPLICATE("duplicate");

        private final String code;

        Refusal(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        /** The number that stands for this reason on the wire: its position in {@link #WIRE}, never reused. */
        public int wire() {
            return WIRE.indexOf(code);
        }

        public static java.util.Optional<Refusal> ofWire(int wire) {
            if (wire < 0 || wire >= WIRE.size()) {
                return java.util.Optional.empty();
            }
            String code = WIRE.get(wire);
            return java.util.Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
        }

        /** Wire numbering of the reasons: append new codes, never reorder (peers of another version decode these). */
        private static final java.util.List<String> WIRE = java.util.List.of("no_quorum", "no_leader", "no_majority",
                "stale_epoch", "not_holder", "lock_held", "too_large", "quota", "invalid_path", "invalid_content",
                "no_such_file", "not_leader", "busy", "duplicate");
    }
}
