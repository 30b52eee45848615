package io.quorate.events.fold;

/**
 * A guest running on a node: from its {@code guest.started} (or the node's snapshot listing it)
 * until it stops, dies or its node is fenced.
 *
 * @param startedBy id of the event that showed it running
 */
public record GuestRun(String sid, String node, String startedBy) {
}
