package io.quorate.events.replay;

import java.time.Instant;

/**
 * One line of a replay timeline: an event of interest (or a run of config commits summed up).
 *
 * @param time    the event's wall time
 * @param eventId the event's id (the first one, for a summed-up run)
 * @param summary what happened, in a few words
 * @param fault   marks a fault (quorum lost, node failed, fence, guest died, watchdog, loss, unsafe write)
 */
public record TimelineEntry(Instant time, String node, long seq, String eventId, String type, String summary,
                            Category category, boolean fault) {

    /** {@code 2026-11-25T10:00:00.123Z n1 #42 quorum.lost summary}. */
    public String line() {
        return Rfc3339.format(time) + " " + node + " #" + seq + " " + type + " " + summary;
    }
}
