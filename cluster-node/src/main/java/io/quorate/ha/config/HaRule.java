package io.quorate.ha.config;

import java.util.Optional;
import java.util.SortedSet;

/**
 * One entry of {@code ha/rules.cfg} (Proxmox VE 9): a constraint on where HA resources run.
 * Rule ids ({@code pve-configid}) are unique across rule types.
 */
public sealed interface HaRule permits NodeAffinityRule, ResourceAffinityRule {

    /** The section type in the file: {@code node-affinity} or {@code resource-affinity}. */
    String type();

    String id();

    /** The resources the rule applies to, sorted as Proxmox writes them; never empty. */
    SortedSet<ResourceId> resources();

    /** A disabled rule stays in the file but has no effect. */
    boolean disabled();

    Optional<String> comment();
}
