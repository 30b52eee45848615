package io.quorate.configdb;

import io.quorate.protocol.LogEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-memory copy of the log: a snapshot point (index and term of the last entry it covers)
 * and the entries after it. The durable copy is kept by the driver through effects.
 */
final class RaftLog {
    private long snapshotIndex;
    private long snapshotTerm;
    private final ArrayList<LogEntry> entries = new ArrayList<>();
    private long bytes;

    RaftLog(long snapshotIndex, long snapshotTerm, List<LogEntry> after) {
        this.snapshotIndex = snapshotIndex;
        this.snapshotTerm = snapshotTerm;
        for (LogEntry entry : after) {
            if (entry.index() > snapshotIndex) {
                append(entry);
            }
        }
    }

    long snapshotIndex() {
        return snapshotIndex;
    }

    long snapshotTerm() {
        return snapshotTerm;
    }

    long lastIndex() {
        return snapshotIndex + entries.size();
    }

    long lastTerm() {
        return entries.isEmpty() ? snapshotTerm : entries.get(entries.size() - 1).term();
    }

    /** Bytes of commands held in memory (what compaction keeps bounded). */
    long bytes() {
        return bytes;
    }

    int size() {
        return entries.size();
    }

    /** The term of the entry at {@code index}, or -1 if the log does not have it (compacted or beyond the end). */
    long termAt(long index) {
        if (index == snapshotIndex) {
            return snapshotTerm;
        }
        if (index < snapshotIndex || index > lastIndex()) {
            return -1;
        }
        return entries.get((int) (index - snapshotIndex - 1)).term();
    }

    LogEntry entry(long index) {
        return entries.get((int) (index - snapshotIndex - 1));
    }

    void append(LogEntry entry) {
        if (entry.index() != lastIndex() + 1) {
            throw new IllegalStateException("appending index " + entry.index() + " after " + lastIndex());
        }
        entries.add(entry);
        bytes += entry.command().size();
    }

    /** Drops the entries at {@code index} and after. */
    void truncateFrom(long index) {
        while (lastIndex() >= index && !entries.isEmpty()) {
            bytes -= entries.remove(entries.size() - 1).command().size();
        }
    }

    /** Entries from {@code from} on, at most {@code maxEntries} and about {@code maxBytes} (at least one). */
    List<LogEntry> slice(long from, int maxEntries, long maxBytes) {
        List<LogEntry> out = new ArrayList<>();
        long size = 0;
        for (long i = from; i <= lastIndex() && out.size() < maxEntries; i++) {
            LogEntry entry = entry(i);
            if (!out.isEmpty() && size + entry.command().size() > maxBytes) {
                break;
            }
            out.add(entry);
            size += entry.command().size() + 24;
        }
        return out;
    }

    /** Forgets entries up to {@code index}, which a snapshot now covers. */
    void compactThrough(long index, long term) {
        int drop = (int) Math.min(entries.size(), Math.max(0, index - snapshotIndex));
        for (int i = 0; i < drop; i++) {
            bytes -= entries.get(i).command().size();
        }
        entries.subList(0, drop).clear();
        snapshotIndex = index;
        snapshotTerm = term;
    }

    /** A snapshot from the leader replaces everything (the local entries after it do not match). */
    void resetTo(long index, long term) {
        entries.clear();
        bytes = 0;
        snapshotIndex = index;
        snapshotTerm = term;
    }
}
