package io.quorate.configdb;

import io.quorate.core.Outbox;
import io.quorate.protocol.LogEntry;
import java.io.IOException;
import java.util.Optional;

/** What the Raft core needs from the state machine above it. Calls happen inside a core step. */
interface RaftHost {
    /** Apply a committed entry, in log order, exactly once per start. */
    void apply(LogEntry entry, long now, Outbox out);

    /** The state at the last applied index. */
    byte[] snapshotState();

    /** Replace the state with a snapshot from the leader. */
    void restoreState(long index, byte[] state, long now, Outbox out) throws IOException;

    /** The nodelist an entry sets, when it writes corosync.conf. */
    Optional<LogMembership> membershipIn(LogEntry entry);

    /** The nodelist in force at the last applied index (from the state, or the node's boot config). */
    LogMembership membershipOfState();

    void onLeaderChanged(long term, int leaderId, long now, Outbox out);

    /** A linearizable read asked for with {@code token} may be served at {@code readIndex}; -1: refused. */
    void onReadIndex(long token, long readIndex, long now, Outbox out);
}
