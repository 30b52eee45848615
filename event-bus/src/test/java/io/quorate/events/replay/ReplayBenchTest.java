package io.quorate.events.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class ReplayBenchTest {
    /** A small run of the bench so it keeps working; figures at this size mean little. */
    @Test
    void theBenchRunsOnASmallHistory() {
        List<ReplayBench.Figure> figures = ReplayBench.run(50_000, 0);
        assertEquals(2, figures.size());
        assertTrue(figures.stream().allMatch(figure -> figure.events() >= 50_000), figures::toString);
    }

    /** The figures for the closing note: 1,000,000 events from memory and from the embedded broker. */
    @Test
    @EnabledIfSystemProperty(named = "quorate.bench", matches = "true")
    void replaySpeedOverAMillionEvents() {
        List<ReplayBench.Figure> figures = ReplayBench.run(1_000_000, Integer.getInteger("quorate.bench.broker", 1_000_000));
        figures.forEach(figure -> System.out.println("BENCH " + figure));
        assertTrue(figures.get(0).perSecond() >= 300_000, figures.get(0)::toString);
    }
}
