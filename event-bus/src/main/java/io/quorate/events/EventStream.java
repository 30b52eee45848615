package io.quorate.events;

import io.quorate.events.spool.Spool;
import java.time.Instant;
import java.util.Optional;

/**
 * Stamps a node's events and writes them to its spool: the one place that assigns the per-incarnation
 * sequence number, the wall time and the hybrid logical clock, in the same order the spool stores
 * them.
 *
 * <p>The drop-or-keep decision comes before a sequence number is assigned, so heartbeat samples
 * dropped while the spool is over its bound leave no gap: every seq the node hands out is spooled,
 * and a gap a consumer sees is real loss. Dropped samples are summed up in one
 * {@code events.dropped} record when the spool is back under its bound (or at {@link #close}), and
 * crossing the bound either way is itself an event ({@code events.spool_over_bound},
 * {@code events.spool_within_bound}). State events are never dropped.
 *
 * <p>Thread-safe: calls are serialised, so seq order is spool order.
 */
public final class EventStream implements AutoCloseable {
    private final String cluster;
    private final String node;
    private final long incarnation;
    private final Spool spool;
    private final HybridClock clock;
    private final EventSink observer;
    private final HeartbeatDrops drops = new HeartbeatDrops();
    private long seq;
    private long droppedTotal;
    private boolean overBound;

    /**
     * @param observer also receives every stamped event after it is queued for the spool (e.g. the
     *                 node's metrics or its events.jsonl); must not block
     */
    public EventStream(String cluster, String node, long incarnation, Spool spool, HybridClock clock, EventSink observer) {
        this.cluster = cluster;
        this.node = node;
        this.incarnation = incarnation;
        this.spool = spool;
        this.clock = clock;
        this.observer = observer;
    }

    public EventStream(String cluster, String node, long incarnation, Spool spool, HybridClock clock) {
        this(cluster, node, incarnation, spool, clock, event -> { });
    }

    /**
     * Stamps {@code data} at wall time {@code physicalMs} and queues it for the spool; returns the
     * event, or empty when it was a heartbeat sample dropped because the spool is over its bound.
     * Never blocks on I/O.
     */
    public synchronized Optional<Event> emit(EventData data, long physicalMs) {
        boolean over = spool.overBound();
        if (over && !overBound) {
            overBound = true;
            write(new SpoolEvent.OverBound(spool.bytes(), spool.boundBytes(), spool.pendingRecords()), physicalMs);
        } else if (!over && overBound) {
            overBound = false;
            if (drops.any()) {
                write(drops.report(), physicalMs);
            }
            write(new SpoolEvent.WithinBound(spool.bytes(), spool.boundBytes(), spool.pendingRecords()), physicalMs);
        }
        if (over && data instanceof HeartbeatEvent) {
            drops.drop(data.eventType(), physicalMs, seq);
            droppedTotal++;
            return Optional.empty();
        }
        return Optional.of(write(data, physicalMs));
    }

    /** Merges a hybrid clock stamp received from a peer (see {@link HybridClock#observe}). */
    public long observe(long remoteHlc, long physicalMs) {
        return clock.observe(remoteHlc, physicalMs);
    }

    /** The clock stamp to put on an outgoing message. */
    public long stampOutgoing(long physicalMs) {
        return clock.now(physicalMs);
    }

    private Event write(EventData data, long physicalMs) {
        Event event = Event.of(cluster, node, incarnation, ++seq, Instant.ofEpochMilli(physicalMs), data,
                clock.now(physicalMs));
        spool.append(event);
        observer.accept(event);
        return event;
    }

    /** The sequence number of the last spooled event (0 before the first). */
    public synchronized long lastSeq() {
        return seq;
    }

    /** Heartbeat samples dropped since this stream started. */
    public synchronized long droppedHeartbeats() {
        return droppedTotal;
    }

    /** Dropped samples not yet reported by an {@code events.dropped} record. */
    public synchronized long unreportedDrops() {
        return drops.count();
    }

    public Spool spool() {
        return spool;
    }

    /**
     * Reports drops still pending in an {@code events.dropped} record at {@code physicalMs}. Does not
     * close the spool (its owner does).
     */
    public synchronized void close(long physicalMs) {
        if (drops.any()) {
            write(drops.report(), physicalMs);
        }
    }

    /** {@link #close(long)} at the current wall time. */
    @Override
    public void close() {
        close(System.currentTimeMillis());
    }
}
