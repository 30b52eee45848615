package io.quorate.events;

/** Node process lifecycle. */
public sealed interface NodeEvent extends EventData {

    @EventType("node.started")
    record Started(int nodeId, String softwareVersion, String address) implements NodeEvent {
    }

    @EventType("node.stopping")
    record Stopping(int nodeId, String reason) implements NodeEvent {
    }
}
