package io.quorate.events;

import java.util.List;

/**
 * The event bus reporting on itself: the node's local spool went past its byte bound (state events
 * are still kept, the spool grows) or came back under it, and heartbeat samples it had to drop.
 */
public sealed interface SpoolEvent extends EventData {

    /** The spool holds more unpublished bytes than its bound; heartbeat samples are dropped from now on. */
    @EventType("events.spool_over_bound")
    record OverBound(long bytes, long boundBytes, long records) implements SpoolEvent {
    }

    /** The spool is back under its bound (events were published); heartbeat samples are kept again. */
    @EventType("events.spool_within_bound")
    record WithinBound(long bytes, long boundBytes, long records) implements SpoolEvent {
    }

    /**
     * Heartbeat samples dropped while the spool was over its bound. They were never given sequence
     * numbers, so the stream stays gap-free; this record names what is missing: {@code count} samples
     * of {@code types}, emitted between {@code firstAt} and {@code lastAt} (RFC 3339), after the
     * event with sequence {@code afterSeq}.
     */
    @EventType("events.dropped")
    record Dropped(long count, String firstAt, String lastAt, List<String> types, long afterSeq) implements SpoolEvent {
    }

    /**
     * The spool was damaged when the node started (a torn tail after a crash, garbage between records,
     * an unreadable acknowledged-position file): {@code length} bytes at {@code offset} of {@code file}
     * were skipped; every valid record before and after is kept and published.
     */
    @EventType("events.spool_damaged")
    record Damaged(String file, long offset, long length, String kind) implements SpoolEvent {
    }
}
