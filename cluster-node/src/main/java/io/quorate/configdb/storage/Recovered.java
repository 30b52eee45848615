package io.quorate.configdb.storage;

import io.quorate.protocol.LogEntry;
import java.util.List;

/**
 * What {@link DurableLog#open} found on disk.
 *
 * @param term     the last saved term (0 if none was saved)
 * @param votedFor the last saved vote (0 = none)
 * @param snapshot the newest valid snapshot, or null
 * @param entries  the entries after the snapshot (or from index 1 without one), consecutive
 * @param repairs  what recovery fixed on the way (torn tails cut, leftovers removed), one line each
 */
public record Recovered(long term, int votedFor, Snapshot snapshot, List<LogEntry> entries, List<String> repairs) {
    public Recovered {
        entries = List.copyOf(entries);
        repairs = List.copyOf(repairs);
    }
}
