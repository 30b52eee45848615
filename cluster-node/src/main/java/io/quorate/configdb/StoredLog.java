package io.quorate.configdb;

import io.quorate.protocol.LogEntry;
import java.util.List;

/**
 * What a node had on disk when it started: term and vote, the newest snapshot (null: none) and the
 * log entries after it.
 */
public record StoredLog(long term, int votedFor, long snapshotIndex, long snapshotTerm, byte[] snapshot,
                        List<LogEntry> entries, List<UnsafeWrite> unsafeWrites) {
    public StoredLog {
        entries = List.copyOf(entries);
        unsafeWrites = List.copyOf(unsafeWrites);
    }

    public StoredLog(long term, int votedFor, long snapshotIndex, long snapshotTerm, byte[] snapshot, List<LogEntry> entries) {
        this(term, votedFor, snapshotIndex, snapshotTerm, snapshot, entries, List.of());
    }

    /** A node that never had a log (a joiner before its first catch-up). */
    public static StoredLog empty() {
        return new StoredLog(0, 0, 0, 0, null, List.of());
    }

    /** The log of a new cluster: its first entry writes corosync.conf (made by {@code cm create}). */
    public static StoredLog bootstrap(String corosyncConf) {
        LogEntry first = new LogEntry(0, 1, CommandCodec.encode(new Command.Write(Origin.SYSTEM, ConfigDb.COROSYNC_CONF,
                io.quorate.protocol.Blob.wrap(corosyncConf.getBytes(java.nio.charset.StandardCharsets.UTF_8)), Guard.NONE)));
        return new StoredLog(0, 0, 0, 0, null, List.of(first));
    }
}
