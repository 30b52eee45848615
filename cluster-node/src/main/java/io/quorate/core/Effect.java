package io.quorate.core;

/** Side effects a core asks its driver to carry out, besides sending messages and recording events. */
public sealed interface Effect {

    /**
     * Store a corosync.conf that arrived from a peer (or from an admin change) as the node's
     * cluster config. The core has already applied it in memory.
     */
    record PersistClusterConfig(long configVersion, String corosyncConf) implements Effect {
    }

    /** Record the highest ring sequence seen, before any message of the same step is sent. */
    record PersistRingSequence(long highestSequence) implements Effect {
    }

    /**
     * Append entries to the durable config log; an entry at an index the log already has replaces
     * it and everything after it. Messages and replies of the same step wait until this is on disk;
     * the driver then reports the new durable index to the core.
     */
    record AppendLog(java.util.List<io.quorate.protocol.LogEntry> entries) implements Effect {
        public AppendLog {
            entries = java.util.List.copyOf(entries);
        }
    }

    /** Record the current term and vote (0: none) before any message of the same step is sent. */
    record PersistTermAndVote(long term, int votedFor) implements Effect {
    }

    /**
     * Store a snapshot of the config tree at {@code lastIndex} and drop log entries up to it.
     * {@code replaceLog}: the snapshot came from the leader and the local log after it does not
     * match, so drop the whole local log.
     */
    record SaveSnapshot(long lastIndex, long lastTerm, byte[] state, boolean replaceLog) implements Effect {
        @Override
        public String toString() {
            return "SaveSnapshot[lastIndex=" + lastIndex + ", lastTerm=" + lastTerm + ", " + state.length + " bytes"
                    + (replaceLog ? ", replacing the log" : "") + "]";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SaveSnapshot s && s.lastIndex == lastIndex && s.lastTerm == lastTerm
                    && s.replaceLog == replaceLog && java.util.Arrays.equals(s.state, state);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(lastIndex) * 31 + java.util.Arrays.hashCode(state);
        }
    }

    /** Keep an unsafe-mode write (see {@code UnsafeWrite}) on disk beside the log, before it is acknowledged. */
    record RecordUnsafeWrite(io.quorate.configdb.UnsafeWrite write) implements Effect {
    }

    /**
     * The node rejoined a majority: move its unsafe-mode writes aside (kept for the administrator,
     * named after the cluster version it rejoined at) and start over without them.
     */
    record ArchiveUnsafeWrites(long clusterVersion) implements Effect {
    }
}
