package io.quorate.metrics;

import io.quorate.events.SnapshotEvent;
import java.util.List;
import java.util.Map;

/**
 * What a node's state gauges show, read in one go on the node's core loop at scrape time (the core
 * is single-threaded; nothing here is read from another thread). {@code configuredPeers} are the
 * other nodes of the nodelist, in the view or not, so a dead node's last-seen age keeps growing.
 */
public record NodeSnapshot(boolean quorate, int expectedVotes, int highestExpected, int totalVotes, int quorum,
                           long ringSequence, List<Member> members, List<String> configuredPeers, long configVersion, Map<String, String> lockHolders,
                           String crmState, boolean crmMaster, String lrmState, Map<String, SnapshotEvent.ServiceView> resources,
                           boolean watchdogArmed, double watchdogExpirySeconds, Spool spool) {

    /** A member of the current view and its votes. */
    public record Member(String name, int votes, boolean local) {
    }

    /** The event spool and its publisher. */
    public record Spool(long bytes, long records, boolean overBound, boolean kafkaConfigured, double lastPublishedEpochSeconds) {
    }
}
