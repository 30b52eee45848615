package io.quorate.events.replay;

import io.quorate.events.Event;
import io.quorate.events.fold.ClusterState;
import io.quorate.events.fold.NodeView;
import io.quorate.events.fold.Quorate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records each node's lane over a replay window from the fold: a new segment whenever the node's
 * quorate flag or up/down state changes, and a silent segment wherever the node emitted nothing for
 * longer than {@link #SILENCE} (a live node emits heartbeat samples many times a second). An emitter
 * that is not a member (a chaos runner) gets a lane of its timeline marks only, after the nodes'.
 */
final class LaneRecorder {
    static final Duration SILENCE = Duration.ofSeconds(5);

    private final Map<String, Track> tracks = new TreeMap<>();

    private static final class Track {
        final List<Lane.Segment> segments = new ArrayList<>();
        Instant openedAt;
        Quorate quorate;
        boolean up;
        Instant lastEvent;

        Track(Instant at, NodeView view, Instant lastEvent) {
            openedAt = at;
            quorate = view.quorate();
            up = view.up();
            this.lastEvent = lastEvent;
        }

        /** Ends the lane at the window's end, silent since the node's last event if that is long ago. */
        void end(Instant to) {
            silenceUntil(to);
            close(to);
        }

        private void silenceUntil(Instant at) {
            if (Duration.between(lastEvent, at).compareTo(SILENCE) > 0) {
                Instant silentFrom = lastEvent.isBefore(openedAt) ? openedAt : lastEvent; // silent since before the window
                close(silentFrom);
                if (at.isAfter(silentFrom)) {
                    segments.add(new Lane.Segment(silentFrom, at, quorate, up, true));
                }
                openedAt = at;
            }
        }

        void close(Instant at) {
            if (at.isAfter(openedAt)) {
                segments.add(new Lane.Segment(openedAt, at, quorate, up, false));
            }
            openedAt = at;
        }

        void observe(Instant at, NodeView view) {
            silenceUntil(at);
            lastEvent = at;
            if (view.quorate() != quorate || view.up() != up) {
                close(at);
                quorate = view.quorate();
                up = view.up();
            }
        }
    }

    /** Opens a lane for every node the fold knows when the window starts. */
    void start(Instant from, ClusterState state) {
        state.nodes().forEach((name, view) -> tracks.put(name, new Track(from, view, view.lastSeen())));
    }

    /** After {@code event} was folded into {@code state}. */
    void observe(Event event, ClusterState state) {
        Instant at = CausalOrder.instant(event);
        NodeView view = state.node(event.node());
        if (view == null) {
            return; // not a member (a chaos runner): its lane has marks only, see finish
        }
        Track track = tracks.get(event.node());
        if (track == null) {
            tracks.put(event.node(), new Track(at, view, at));
        } else {
            track.observe(at, view);
        }
    }

    List<Lane> finish(Instant to, List<TimelineEntry> timeline) {
        List<Lane> lanes = new ArrayList<>();
        tracks.forEach((node, track) -> {
            track.end(to);
            List<TimelineEntry> marks = timeline.stream().filter(entry -> entry.node().equals(node)).toList();
            lanes.add(new Lane(node, List.copyOf(track.segments), marks));
        });
        timeline.stream().map(TimelineEntry::node).filter(node -> !tracks.containsKey(node)).distinct().sorted()
                .forEach(node -> lanes.add(new Lane(node, List.of(),
                        timeline.stream().filter(entry -> entry.node().equals(node)).toList())));
        return lanes;
    }
}
