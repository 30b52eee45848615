package io.quorate.configdb;

import io.quorate.core.Effect;
import io.quorate.protocol.LogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The config log's durable state kept in memory: what the simulator's disks (and test drivers)
 * hold once a sync completes. Applies the same storage effects the real write-ahead log does.
 */
public final class MemoryLog {
    private long term;
    private int votedFor;
    private long snapshotIndex;
    private long snapshotTerm;
    private byte[] snapshot;
    private final TreeMap<Long, LogEntry> entries = new TreeMap<>();
    private final List<UnsafeWrite> unsafeWrites = new ArrayList<>();

    public void store(Effect effect) {
        if (effect instanceof Effect.PersistTermAndVote vote) {
            term = vote.term();
            votedFor = vote.votedFor();
        } else if (effect instanceof Effect.AppendLog append) {
            for (LogEntry entry : append.entries()) {
                entries.tailMap(entry.index(), true).clear();
                entries.put(entry.index(), entry);
            }
        } else if (effect instanceof Effect.SaveSnapshot save) {
            snapshotIndex = save.lastIndex();
            snapshotTerm = save.lastTerm();
            snapshot = save.state();
            if (save.replaceLog()) {
                entries.clear();
            } else {
                entries.headMap(save.lastIndex(), true).clear();
            }
        } else if (effect instanceof Effect.RecordUnsafeWrite unsafe) {
            unsafeWrites.add(unsafe.write());
        } else if (effect instanceof Effect.ArchiveUnsafeWrites) {
            unsafeWrites.clear();
        }
    }

    /** What a node starting from this state gets. */
    public StoredLog stored() {
        return new StoredLog(term, votedFor, snapshotIndex, snapshotTerm, snapshot, new ArrayList<>(entries.values()), unsafeWrites);
    }

    /** Whether the entry at {@code index} of {@code entryTerm} is held (or covered by the snapshot). */
    public boolean has(long index, long entryTerm) {
        if (index <= snapshotIndex) {
            return true;
        }
        LogEntry entry = entries.get(index);
        return entry != null && entry.term() == entryTerm;
    }

    public LogEntry entry(long index) {
        return entries.get(index);
    }

    public long snapshotIndex() {
        return snapshotIndex;
    }

    public boolean hasSnapshot() {
        return snapshot != null;
    }
}
