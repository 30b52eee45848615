package io.quorate.events;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node's whole view of the cluster in one event, emitted at start, every 30 s and at every view
 * change, so a reader (replay, metrics) can start folding anywhere in the topic's retention: it takes
 * the node's view from its last snapshot and folds the node's events after it.
 */
public sealed interface SnapshotEvent extends EventData {

    /** Why the snapshot was taken: {@code start}, {@code periodic} or {@code view_change}. */
    String START = "start";
    String PERIODIC = "periodic";
    String VIEW_CHANGE = "view_change";

    /** An HA resource as this node sees it in the manager status: CRM state and the node it is on. */
    record ServiceView(String state, String node) {
    }

    /**
     * The emitting node's view. Absent things are null (no config leader known, no CRM master, no
     * LRM yet); collections are never null and maps are sorted by key.
     *
     * @param ringId        the ring id of the installed membership view (null before the first view)
     * @param members       node names of that view
     * @param configVersion the version of the node's config tree (its last applied log index)
     * @param services      every HA resource (sid → state and node) in the manager status this node has
     * @param locks         cluster locks held as this node knows them (lock name → holder node)
     * @param guests        sids of the guests this node's LRM runs now
     */
    @EventType("snapshot.view")
    record View(String reason, String ringId, List<String> members, boolean quorate, int expectedVotes,
                int totalVotes, int quorum, long configVersion, String configLeader, String crmMaster, String lrmState,
                Map<String, ServiceView> services, Map<String, String> locks, List<String> guests)
            implements SnapshotEvent {

        public View {
            members = members == null ? List.of() : List.copyOf(members);
            services = sorted(services);
            locks = sorted(locks);
            guests = guests == null ? List.of() : List.copyOf(guests);
        }

        private static <V> Map<String, V> sorted(Map<String, V> map) {
            return map == null ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(new TreeMap<>(map));
        }
    }
}
