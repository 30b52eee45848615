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
        watchdog.arm(1000, 0);
        assertFalse(watchdog.check(1000));
        watchdog.feed(900);
        assertFalse(watchdog.check(1900));
        assertEquals(1901, watchdog.deadline());
        assertTrue(watchdog.check(1901));
        assertFalse(watchdog.check(5000), "fires once");
        watchdog.feed(5000);
        watchdog.arm(1000, 5000);
        assertTrue(watchdog.fired(), "a reset is not undone by later feeds");
        assertEquals(Long.MAX_VALUE, watchdog.deadline());
    }

    @Test
    void disarmedNeverFires() {
        WatchdogCore watchdog = new WatchdogCore();
        assertFalse(watchdog.check(1_000_000));
        watchdog.arm(100, 0);
        watchdog.disarm();
        assertFalse(watchdog.check(1_000_000));
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new WatchdogCore().arm(0, 0));
    }
}
