package io.quorate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NodeClockTest {
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final AtomicLong wall = new AtomicLong(1_700_000_000_000L);
    private final NodeClock clock = new NodeClock(nanos::get, wall::get);

    @Test
    void countsMonotonicMillisecondsFromOneAndReadsTheWallClock() {
        assertEquals(1, clock.monotonicMs());
        nanos.addAndGet(2_500_000_000L);
        assertEquals(2_501, clock.monotonicMs());
        assertEquals(1_700_000_000_000L, clock.wallMs());
    }

    @Test
    void anOffsetStepsTheWallTimeAndClearingItStepsBack() {
        nanos.addAndGet(10_000_000_000L);
        clock.setOffsetMs(3_000);
        assertEquals(1_700_000_003_000L, clock.wallMs());
        clock.setOffsetMs(-2_000);
        assertEquals(1_699_999_998_000L, clock.wallMs());
        assertEquals(-2_000, clock.offsetMs());
        clock.setOffsetMs(0);
        assertEquals(1_700_000_000_000L, clock.wallMs());
    }

    @Test
    void theMonotonicReadingIgnoresTheOffsetAsCLOCK_MONOTONICIgnoresATimeStep() {
        nanos.addAndGet(1_000_000_000L);
        clock.setOffsetMs(-5_000);
        assertEquals(1_001, clock.monotonicMs());
        clock.setOffsetMs(7_000);
        assertEquals(1_001, clock.monotonicMs());
    }
}
