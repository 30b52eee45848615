package io.quorate.events.spool;

/**
 * One record read back from the spool.
 *
 * @param ordinal the record's number among those not yet acknowledged when the spool opened plus
 *                those appended since (1, 2, …): lets the spool count what is still unpublished
 * @param start   where the record begins
 * @param next    where the following record begins; acknowledging this record stores it
 * @param json    the event's JSON bytes (UTF-8)
 */
public record SpoolRecord(long ordinal, SpoolPosition start, SpoolPosition next, byte[] json) {
}
