package io.quorate.events;

/** Where a node's events go. Implementations must not block the caller for I/O. */
@FunctionalInterface
public interface EventSink {
    void accept(Event event);
}
