package io.quorate.events.replay;

/**
 * What reading the topic found.
 *
 * @param records    records read
 * @param events     distinct events decoded
 * @param badRecords foreign or malformed records, skipped
 * @param duplicates repeats of an event already read (a resent batch), dropped by id
 */
public record ReadCounts(long records, long events, long badRecords, long duplicates) {
    public static final ReadCounts NONE = new ReadCounts(0, 0, 0, 0);
}
