package io.quorate.ha.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quorate.runtime.HostPort;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdicts on hand-made answer intervals, free of any timing. */
class SidTrackTest {
    private static final String SID = "vm:101";

    @Test
    void twoNodesWithOverlappingIntervalsInARoundAreAViolation() {
        SidTrack track = new SidTrack(SID);
        track.record(1, 0, 100, List.of(answer("node1", 1, 10, 30), answer("node2", 1, 20, 40)));
        assertEquals(1, track.violationCount());
        ProbeViolation violation = track.violations().get(0);
        assertEquals(List.of("node1", "node2"), violation.nodes());
        assertEquals(10, violation.fromNanos());
        assertEquals(40, violation.toNanos());
    }

    @Test
    void answersThatCannotHaveBeenAtOnceAreNone() {
        SidTrack track = new SidTrack(SID);
        // same round, but node1's answer was in before node2's request left: a handoff could fit between
        track.record(1, 0, 100, List.of(answer("node1", 1, 10, 20), answer("node2", 1, 21, 30)));
        // consecutive rounds: a handoff, shown in the timeline only
        track.record(2, 100, 200, List.of(answer("node1", 2, 110, 120)));
        track.record(3, 200, 300, List.of(answer("node2", 3, 210, 220)));
        // one node on two endpoints is the same guest
        track.record(4, 300, 400, List.of(answer("node2", 4, 310, 330), answer("node2", 4, 315, 325)));
        assertEquals(0, track.violationCount());
        assertEquals(List.of(List.of("node1", "node2"), List.of("node1"), List.of("node2")),
                track.summary().timeline().stream().map(TimelineSegment::nodes).toList());
        assertEquals(2, track.summary().timeline().get(2).rounds());
        assertEquals("node2", track.lastNode().orElseThrow());
    }

    @Test
    void aMarkKeepsTheFirstAnswerSentAfterIt() {
        SidTrack track = new SidTrack(SID);
        ProbeMark mark = new ProbeMark("fault", 50);
        track.addMark(mark);
        track.record(1, 40, 60, List.of(answer("node1", 1, 45, 55))); // sent before the mark: old news
        track.record(2, 100, 120, List.of());
        track.record(3, 200, 220, List.of(answer("node2", 3, 205, 215)));
        track.record(4, 300, 320, List.of(answer("node1", 4, 305, 315), answer("node2", 4, 306, 316)));
        assertEquals(205, track.firstAnswerAfter(mark, null).orElseThrow().sentNanos());
        assertEquals(305, track.firstAnswerAfter(mark, "node2").orElseThrow().sentNanos());
        assertEquals(List.of(List.of("node1"), List.of(), List.of("node2"), List.of("node1", "node2")),
                track.summary().timeline().stream().map(TimelineSegment::nodes).toList());
    }

    private static ProbeAnswer answer(String node, long round, long sent, long received) {
        return new ProbeAnswer(new GuestEndpoint(SID, node, new HostPort("127.0.0.1", 10101)), node, round, sent, received);
    }
}
