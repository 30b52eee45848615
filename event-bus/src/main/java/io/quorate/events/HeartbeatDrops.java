package io.quorate.events;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/** Tally of heartbeat samples dropped while the spool is over its bound, until they are reported. */
final class HeartbeatDrops {
    private long count;
    private long firstMs;
    private long lastMs;
    private final TreeSet<String> types = new TreeSet<>();
    private long afterSeq;

    void drop(String type, long physicalMs, long lastSpooledSeq) {
        if (count == 0) {
            firstMs = physicalMs;
            afterSeq = lastSpooledSeq;
        }
        count++;
        lastMs = physicalMs;
        types.add(type);
    }

    boolean any() {
        return count > 0;
    }

    long count() {
        return count;
    }

    /** The record naming what was dropped; resets the tally. */
    SpoolEvent.Dropped report() {
        SpoolEvent.Dropped dropped = new SpoolEvent.Dropped(count, Instant.ofEpochMilli(firstMs).toString(),
                Instant.ofEpochMilli(lastMs).toString(), List.copyOf(types), afterSeq);
        count = 0;
        types.clear();
        return dropped;
    }
}
