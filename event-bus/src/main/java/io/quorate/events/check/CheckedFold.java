package io.quorate.events.check;

import io.quorate.events.Event;
import io.quorate.events.fold.ClusterState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link ClusterState} fold with invariant checkers riding along: each event is shown to every
 * checker against the state it meets, then folded in. Feed events in causal order. Not thread-safe.
 */
public final class CheckedFold {
    private final ClusterState state = new ClusterState();
    private final List<InvariantChecker> checkers;
    private final List<Violation> violations = new ArrayList<>();
    private final Consumer<Violation> report = violations::add;

    /** Checks every invariant ({@link Invariants#all()}). */
    public CheckedFold() {
        this(Invariants.all());
    }

    public CheckedFold(List<InvariantChecker> checkers) {
        this.checkers = List.copyOf(checkers);
    }

    public void apply(Event event) {
        for (InvariantChecker checker : checkers) {
            checker.inspect(event, state, report);
        }
        state.apply(event);
    }

    public void applyAll(Iterable<Event> events) {
        for (Event event : events) {
            apply(event);
        }
    }

    public ClusterState state() {
        return state;
    }

    /** Violations found so far, in the order their last event was folded. */
    public List<Violation> violations() {
        return Collections.unmodifiableList(violations);
    }
}
