package io.quorate.events.check;

import java.util.List;

/**
 * One breach of a safety invariant, with the events that show it.
 *
 * @param invariant the invariant's name (e.g. {@code no_resource_on_two_nodes})
 * @param message   what happened, in one line
 * @param events    ids of the events that show it, oldest first
 */
public record Violation(String invariant, String message, List<String> events) {
    public Violation {
        events = List.copyOf(events);
    }

    @Override
    public String toString() {
        return invariant + ": " + message + " (events " + String.join(", ", events) + ")";
    }
}
