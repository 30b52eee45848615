package io.quorate.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quorate.events.EventData;
import io.quorate.events.NodeEvent;

/**
 * What makes a node run outside normal operation, folded from its events, so a dashboard or alert
 * can tell an injected fault or an unsafe test option from a real problem: the injected delay,
 * jitter and clock offset (0 when none), and whether the node recovers without fencing.
 */
final class FaultMetrics {
    static final String RECOVER_WITHOUT_FENCING = "--unsafe-recover-without-fencing";

    private volatile double delaySeconds;
    private volatile double jitterSeconds;
    private volatile double clockOffsetSeconds;
    private volatile double recoversWithoutFencing;

    FaultMetrics(MeterRegistry registry) {
        Gauge.builder("quorate.injected.delay", () -> delaySeconds).baseUnit("seconds")
                .description("Fixed delay injected into this node's outgoing cluster packets (0: none)").register(registry);
        Gauge.builder("quorate.injected.jitter", () -> jitterSeconds).baseUnit("seconds")
                .description("Upper bound of the random delay injected on top (0: none)").register(registry);
        Gauge.builder("quorate.injected.clock.offset", () -> clockOffsetSeconds).baseUnit("seconds")
                .description("Step injected into this node's clock (0: none)").register(registry);
        Gauge.builder("quorate.unsafe.recover.without.fencing", () -> recoversWithoutFencing)
                .description("1 when this node runs with --unsafe-recover-without-fencing (test labs only)").register(registry);
    }

    void accept(EventData data) {
        if (data instanceof NodeEvent.FaultsSet set) {
            delaySeconds = set.delayMs() / 1000.0;
            jitterSeconds = set.jitterMs() / 1000.0;
            clockOffsetSeconds = set.clockOffsetMs() / 1000.0;
        } else if (data instanceof NodeEvent.FaultsCleared) {
            delaySeconds = 0;
            jitterSeconds = 0;
            clockOffsetSeconds = 0;
        } else if (data instanceof NodeEvent.UnsafeOption unsafe && RECOVER_WITHOUT_FENCING.equals(unsafe.option())) {
            recoversWithoutFencing = 1;
        }
    }
}
