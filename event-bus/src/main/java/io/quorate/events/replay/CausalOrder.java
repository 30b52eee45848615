package io.quorate.events.replay;

import io.quorate.events.Event;
import io.quorate.events.HybridClock;
import java.time.Instant;
import java.util.Comparator;

/**
 * The order in which replay merges nodes' events: by hybrid logical clock, ties broken as
 * {@link HybridClock#EVENT_ORDER} (node, incarnation, sequence). An event without a clock stamp
 * (hlc 0, written before the clock existed) is placed at its wall time.
 *
 * <p>Replay also places events <em>in time</em> by their clock: {@link #instant} is the stamp's
 * physical part, never earlier than the event's own wall time and consistent with causality, so a cut
 * at an instant ({@code --from}, {@code --to}, {@code --at}) never shows an effect without its cause.
 */
public final class CausalOrder {
    public static final Comparator<Event> ORDER = Comparator.comparingLong(CausalOrder::stamp)
            .thenComparing(Event::node)
            .thenComparingLong(Event::incarnation)
            .thenComparingLong(Event::seq);

    private CausalOrder() {
    }

    /** The event's clock stamp, or its wall time as a stamp when it has none. */
    public static long stamp(Event event) {
        return event.hlc() > 0 ? event.hlc() : HybridClock.encode(Math.max(0, event.time().toEpochMilli()), 0);
    }

    /** Milliseconds since the epoch at which replay places the event. */
    public static long millis(Event event) {
        return HybridClock.physicalMs(stamp(event));
    }

    public static Instant instant(Event event) {
        return Instant.ofEpochMilli(millis(event));
    }
}
