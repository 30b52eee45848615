package io.quorate.events;

import java.time.Instant;
import java.util.Objects;

/**
 * One event as every reader sees it: who emitted it (cluster, node, incarnation), where it sits in
 * that node's stream (sequence, gap-free per incarnation), when (wall clock and hybrid logical
 * clock), and the typed data.
 *
 * @param id          unique id: {@code <node>/<incarnation>/<seq>}, the key consumers de-duplicate by
 * @param incarnation grows by one at every start of the node process
 * @param seq         per-incarnation sequence number, starting at 1; gaps are detectable
 * @param hlc         hybrid logical clock stamp ({@link HybridClock}); 0 when unknown (events
 *                    written before the clock existed, or stamped without one)
 */
public record Event(String id, String cluster, String node, long incarnation, long seq, Instant time, EventData data,
                    long hlc) {

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** An event without a hybrid logical clock stamp (hlc 0 = unknown). */
    public Event(String id, String cluster, String node, long incarnation, long seq, Instant time, EventData data) {
        this(id, cluster, node, incarnation, seq, time, data, 0L);
    }

    public static Event of(String cluster, String node, long incarnation, long seq, Instant time, EventData data) {
        return of(cluster, node, incarnation, seq, time, data, 0L);
    }

    public static Event of(String cluster, String node, long incarnation, long seq, Instant time, EventData data, long hlc) {
        return new Event(idOf(node, incarnation, seq), cluster, node, incarnation, seq, time, data, hlc);
    }

    public static String idOf(String node, long incarnation, long seq) {
        return node + "/" + incarnation + "/" + seq;
    }

    public String type() {
        return data.eventType();
    }
}
