package io.quorate.events.replay;

import io.quorate.events.fold.Quorate;
import java.time.Instant;
import java.util.List;

/**
 * One node's swimlane in a replay: how its own view went (quorate or not, up, silent) over the
 * window, and the timeline entries it emitted.
 */
public record Lane(String node, List<Segment> segments, List<TimelineEntry> marks) {

    /**
     * A stretch of time with one state. {@code silent}: no event from the node at all for longer than
     * {@link LaneRecorder#SILENCE} (crashed, paused or cut off).
     */
    public record Segment(Instant from, Instant to, Quorate quorate, boolean up, boolean silent) {
    }
}
