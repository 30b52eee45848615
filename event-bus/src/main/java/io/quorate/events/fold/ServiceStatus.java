package io.quorate.events.fold;

/**
 * An HA resource as the CRM master placed it.
 *
 * @param state          CRM state (started, stopped, fence, recovery, migrate, …)
 * @param node           the node it is on (or, while migrating, comes from)
 * @param target         migration/relocation target, null when none
 * @param changedBy      id of the event that set this state (an {@code ha.service.state_changed} or a {@code snapshot.view})
 * @param fromSnapshot   true when the state was taken from a snapshot, not seen changing: what led to
 *                       it (e.g. the fence acknowledgement before a {@code recovery}) predates the history
 * @param fenceEnteredAt fold position ({@link ClusterState#position()}) at which the resource entered
 *                       {@code fence}, kept through {@code recovery}; -1 when it is in neither
 */
public record ServiceStatus(String state, String node, String target, String changedBy, boolean fromSnapshot,
                            long fenceEnteredAt) {
    public static final String FENCE = "fence";
    public static final String RECOVERY = "recovery";
    public static final String REMOVED = "removed";

    public boolean fencedOrRecovering() {
        return FENCE.equals(state) || RECOVERY.equals(state);
    }
}
