package io.quorate.chaos.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.chaos.experiment.Slo;
import io.quorate.ha.guest.GuestProbeReport;
import io.quorate.ha.guest.ProbeClock;
import io.quorate.ha.guest.SidSummary;
import io.quorate.ha.guest.TimelineSegment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SloJudgeTest {
    private static final long MS = 1_000_000L;
    private static final ProbeClock CLOCK = new ProbeClock(0, Instant.parse("2026-12-04T10:00:00Z"));

    private static GuestProbeReport timeline(TimelineSegment... segments) {
        SidSummary summary = new SidSummary("vm:101", Optional.of("n2"), Map.of(), List.of(segments), List.of(), 0, Map.of());
        return new GuestProbeReport(CLOCK, 100, Map.of("vm:101", summary));
    }

    private static TimelineSegment on(long fromMs, long toMs, String... nodes) {
        return new TimelineSegment(List.of(nodes), fromMs * MS, toMs * MS, 1);
    }

    @Test
    void recoveryIsFromTheFaultToTheFirstAnswerAfterTheOutage() {
        GuestProbeReport probes = timeline(on(0, 1000, "n1"), on(1050, 5000), on(5050, 9000, "n2"));
        SloResult result = SloJudge.judge(Slo.parse("recover vm:101 within 15s"), probes, 1000 * MS);
        assertTrue(result.met());
        assertEquals(4050, result.recoveryMs());
        assertEquals("n2", result.node());
        assertEquals("2026-12-04T10:00:01.000Z", result.faultAt());
        assertEquals("2026-12-04T10:00:05.050Z", result.recoveredAt());
    }

    @Test
    void aRecoveryLaterThanTheObjectiveMissesIt() {
        GuestProbeReport probes = timeline(on(0, 1000, "n1"), on(1050, 20000), on(20050, 30000, "n3"));
        SloResult result = SloJudge.judge(Slo.parse("recover vm:101 within 15s"), probes, 1000 * MS);
        assertFalse(result.met());
        assertEquals(19050, result.recoveryMs());
        assertTrue(result.detail().contains("later than 15000 ms"), result.detail());
    }

    @Test
    void aResourceThatNeverCameBackMissesWithoutARecoveryTime() {
        SloResult result = SloJudge.judge(Slo.parse("recover vm:101 within 15s"), timeline(on(0, 1000, "n1"), on(1050, 9000)), 1000 * MS);
        assertFalse(result.met());
        assertEquals(-1, result.recoveryMs());
        assertNull(result.recoveredAt());
    }

    @Test
    void aResourceTheFaultNeverInterruptedRecoveredAtOnce() {
        SloResult result = SloJudge.judge(Slo.parse("recover vm:101 within 1s"), timeline(on(0, 9000, "n1")), 1000 * MS);
        assertTrue(result.met());
        assertEquals(0, result.recoveryMs());
    }

    @Test
    void anOutageThatEndedBeforeTheFaultDoesNotCount() {
        GuestProbeReport probes = timeline(on(0, 500), on(550, 9000, "n1"));
        SloResult result = SloJudge.judge(Slo.parse("recover vm:101 within 1s"), probes, 1000 * MS);
        assertEquals(0, result.recoveryMs(), "the guest was still starting before the fault");
    }
}
