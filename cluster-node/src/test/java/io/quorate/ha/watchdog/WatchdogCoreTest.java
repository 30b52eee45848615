package io.quorate.ha.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WatchdogCoreTest {
    @Test
    void firesOnceWhenAFeedIsLateAndStaysFired() {
        WatchdogCore watchdog = new WatchdogCore();
        watchdog.arm(1000, 0, 0);
        assertFalse(watchdog.check(1000));
        watchdog.feed(900, 900);
        assertFalse(watchdog.check(1900));
        assertEquals(1901, watchdog.deadline());
        assertTrue(watchdog.check(1901));
        assertFalse(watchdog.check(5000), "fires once");
        watchdog.feed(5000, 5000);
        watchdog.arm(1000, 5000, 5000);
        assertTrue(watchdog.fired(), "a reset is not undone by later feeds");
        assertEquals(Long.MAX_VALUE, watchdog.deadline());
    }

    @Test
    void aFeedCountsFromWhenItsProofWasAskedForNotFromWhenItArrives() {
        WatchdogCore watchdog = new WatchdogCore();
        watchdog.arm(1000, 0, 300);
        assertEquals(1001, watchdog.deadline(), "armed as of the lock acquisition asked at 0");
        watchdog.feed(500, 1900); // a renewal asked at 500 whose feed arrives late, at 1900
        assertEquals(1501, watchdog.deadline());
        watchdog.feed(400, 1950); // an older proof never moves the deadline back
        assertEquals(1501, watchdog.deadline());
        watchdog.feed(9000, 1960); // a proof from the future counts as now
        assertEquals(2961, watchdog.deadline());
    }

    @Test
    void disarmedNeverFires() {
        WatchdogCore watchdog = new WatchdogCore();
        assertFalse(watchdog.check(1_000_000));
        watchdog.arm(100, 0, 0);
        watchdog.disarm();
        assertFalse(watchdog.check(1_000_000));
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new WatchdogCore().arm(0, 0, 0));
    }
}
