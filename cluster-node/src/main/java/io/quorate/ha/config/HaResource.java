package io.quorate.ha.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code ha/resources.cfg}: an HA resource and the options Proxmox VE 9 defines for it.
 * Values are the effective ones (defaults filled in); the writer leaves out options at their
 * default, except {@code state}, which it always writes.
 *
 * @param sid the resource, {@code vm:101} / {@code ct:102}
 * @param state requested state, default {@link RequestedState#STARTED}
 * @param group the HA group (pre-PVE-9 placement; converted to a node-affinity rule by
 *     {@link GroupMigration}), a {@code pve-configid}
 * @param maxRestart restarts on the same node after a failed start before relocating, ≥ 0, default 1
 * @param maxRelocate relocations to other nodes after failed starts, ≥ 0, default 1
 * @param failback move back to the highest-priority node of its node-affinity rule when that node
 *     comes back, default true
 * @param comment free text, one line, at most 4096 characters
 */
public record HaResource(ResourceId sid, RequestedState state, Optional<String> group, int maxRestart,
        int maxRelocate, boolean failback, Optional<String> comment) {

    public static final int DEFAULT_MAX_RESTART = 1;
    public static final int DEFAULT_MAX_RELOCATE = 1;
    public static final boolean DEFAULT_FAILBACK = true;

    public HaResource {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(group, "group");
        group.ifPresent(g -> HaSyntax.requireConfigId("group id", g));
        if (maxRestart < 0) {
            throw new IllegalArgumentException("max_restart must be 0 or more, got " + maxRestart);
        }
        if (maxRelocate < 0) {
            throw new IllegalArgumentException("max_relocate must be 0 or more, got " + maxRelocate);
        }
        comment = HaSyntax.comment(comment);
    }

    /** A resource with every option at its default. */
    public static HaResource of(ResourceId sid) {
        return new HaResource(sid, RequestedState.DEFAULT, Optional.empty(), DEFAULT_MAX_RESTART,
                DEFAULT_MAX_RELOCATE, DEFAULT_FAILBACK, Optional.empty());
    }

    public HaResource withState(RequestedState newState) {
        return new HaResource(sid, newState, group, maxRestart, maxRelocate, failback, comment);
    }

    public HaResource withGroup(Optional<String> newGroup) {
        return new HaResource(sid, state, newGroup, maxRestart, maxRelocate, failback, comment);
    }

    public HaResource withMaxRestart(int newMaxRestart) {
        return new HaResource(sid, state, group, newMaxRestart, maxRelocate, failback, comment);
    }

    public HaResource withMaxRelocate(int newMaxRelocate) {
        return new HaResource(sid, state, group, maxRestart, newMaxRelocate, failback, comment);
    }

    public HaResource withFailback(boolean newFailback) {
        return new HaResource(sid, state, group, maxRestart, maxRelocate, newFailback, comment);
    }

    public HaResource withComment(Optional<String> newComment) {
        return new HaResource(sid, state, group, maxRestart, maxRelocate, failback, newComment);
    }
}
