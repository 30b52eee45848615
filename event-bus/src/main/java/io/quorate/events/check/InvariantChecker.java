package io.quorate.events.check;

import io.quorate.events.Event;
import io.quorate.events.fold.ClusterState;
import java.util.function.Consumer;

/**
 * Judges one safety invariant over an event history, event by event, against the same fold
 * ({@link ClusterState}) every reader uses. A checker may keep a little state of its own for what
 * the fold does not model (e.g. proposals by version); it must stay deterministic.
 */
public interface InvariantChecker {
    /** The invariant's name, as violations carry it. */
    String invariant();

    /**
     * Looks at {@code event} before it is folded in: {@code before} is the state the event meets.
     * Reports each violation the event shows to {@code report}.
     */
    void inspect(Event event, ClusterState before, Consumer<Violation> report);
}
