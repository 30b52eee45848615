package io.quorate.events;

import java.util.List;

/**
 * The replicated config tree (pmxcfs's role): leadership of its log, proposals, commits,
 * rejections, catch-up, and the unsafe single-node mode. Versions are global log indexes.
 */
public sealed interface ConfigEvent extends EventData {

    /** This node learned who leads the config log in {@code term} (0 leader: none known). */
    @EventType("config.leader_changed")
    record LeaderChanged(long term, int leaderId, String leaderName) implements ConfigEvent {
    }

    /** The leader appended a client's write; {@code origin} is the node the client asked. */
    @EventType("config.proposed")
    record Proposed(long version, long term, String operation, String path, int bytes, String origin) implements ConfigEvent {
    }

    /**
     * This node applied a committed write: the tree is at {@code version} now. On the leader that
     * committed it, {@code storedBy} counts the configured voters that had the entry on disk at that
     * moment, out of {@code voters}, so a checker can judge the majority itself; a follower only applies
     * what a leader committed and says 0 of 0 (as do events written before the counts existed).
     */
    @EventType("config.committed")
    record Committed(long version, String operation, String path, int bytes, String origin, int storedBy, int voters)
            implements ConfigEvent {
        /** A commit whose majority is not known here (a follower applying, or a version 1 event). */
        public Committed(long version, String operation, String path, int bytes, String origin) {
            this(version, operation, path, bytes, origin, 0, 0);
        }
    }

    /**
     * A write was refused: {@code reason} is a stable code ({@code no_quorum}, {@code stale_epoch},
     * {@code not_holder}, {@code lock_held}, {@code too_large}, {@code quota}, {@code invalid_path},
     * {@code no_such_file}, {@code no_leader}, {@code timeout}), {@code version} the log index if it
     * was refused when applied (0 if it never reached the log).
     */
    @EventType("config.rejected")
    record Rejected(String operation, String path, String reason, String detail, long version) implements ConfigEvent {
    }

    /** This node is behind the leader and is fetching the log (or a snapshot). */
    @EventType("config.catchup_started")
    record CatchupStarted(long fromVersion, long leaderCommit, boolean viaSnapshot) implements ConfigEvent {
    }

    /** This node caught up: it now reports itself current. */
    @EventType("config.catchup_finished")
    record CatchupFinished(long version, long entries, long durationMs) implements ConfigEvent {
    }

    /** The node's tree was replaced by a snapshot from the leader. */
    @EventType("config.snapshot_installed")
    record SnapshotInstalled(long version, long bytes, int files) implements ConfigEvent {
    }

    /**
     * UNSAFE: a write applied on this node alone, without a majority, because an administrator
     * lowered expected votes ({@code cm expected}). It is kept aside and reported on rejoin.
     */
    @EventType("config.unsafe_write")
    record UnsafeWrite(String operation, String path, int bytes, long basedOnVersion) implements ConfigEvent {
    }

    /** On rejoin, writes made in unsafe mode that the cluster's log does not have. */
    @EventType("config.diverged")
    record Diverged(long clusterVersion, List<String> paths, String keptIn) implements ConfigEvent {
    }
}
