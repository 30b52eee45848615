package io.quorate.events;

/**
 * The typed payload of one event. Every kind of event is its own record, annotated with
 * {@link EventType}; the families are the sealed sub-interfaces.
 */
public sealed interface EventData permits MembershipEvent, HeartbeatEvent, QuorumEvent, NodeEvent, ConfigEvent, LockEvent,
        HaEvent, GuestEvent, FenceEvent, WatchdogEvent, SpoolEvent, SnapshotEvent, ChaosEvent {

    /** The dotted type name, e.g. {@code quorum.lost}. */
    default String eventType() {
        return EventTypes.nameOf(getClass());
    }

    /** Schema version of this record. */
    default int schemaVersion() {
        return EventTypes.versionOf(getClass());
    }
}
