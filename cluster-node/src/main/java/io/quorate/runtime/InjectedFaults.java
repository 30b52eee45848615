package io.quorate.runtime;

import io.quorate.events.EventData;
import io.quorate.events.NodeEvent;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The {@link NodeFaults} in force on one node: applies them to its clock and its outgoing packets,
 * and records every change as an event (stamped on the clock as it is after the change), so the
 * event stream says when latency and clock steps were injected. Set on the core's event loop.
 */
final class InjectedFaults {
    private static final System.Logger LOG = System.getLogger(InjectedFaults.class.getName());

    private final NodeClock clock;
    private final OutgoingDelay delay;
    private final Consumer<EventData> record;
    private volatile NodeFaults current = NodeFaults.NONE;

    InjectedFaults(NodeClock clock, OutgoingDelay delay, Consumer<EventData> record) {
        this.clock = clock;
        this.delay = delay;
        this.record = record;
    }

    /** Readable from any thread. */
    NodeFaults current() {
        return current;
    }

    /** Replaces what is in force ({@link NodeFaults#NONE} or any inactive setting clears it). */
    void apply(NodeFaults faults) {
        NodeFaults previous = current;
        if (!faults.active()) {
            if (previous.active()) {
                install(NodeFaults.NONE);
                LOG.log(System.Logger.Level.WARNING, "injected faults cleared");
                record.accept(new NodeEvent.FaultsCleared(previous.delayMs(), previous.jitterMs(), previous.clockOffsetMs()));
            }
            return;
        }
        install(faults);
        LOG.log(System.Logger.Level.WARNING, "FAULTS INJECTED: outgoing cluster packets delayed " + faults.delayMs() + " ms + 0.."
                + faults.jitterMs() + " ms jitter (seed " + faults.jitterSeed() + "), clock offset " + faults.clockOffsetMs() + " ms");
        record.accept(new NodeEvent.FaultsSet(faults.delayMs(), faults.jitterMs(), faults.jitterSeed(), faults.clockOffsetMs()));
    }

    private void install(NodeFaults faults) {
        current = faults;
        clock.setOffsetMs(faults.clockOffsetMs());
        delay.configure(faults.delayMs(), faults.jitterMs(), new SplittableRandom(faults.jitterSeed()));
    }
}
