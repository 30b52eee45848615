package io.quorate.ha.config;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A {@code resource-affinity} rule (Proxmox VE 9): its resources are kept on one node
 * ({@link Affinity#POSITIVE}) or on separate nodes ({@link Affinity#NEGATIVE}). Parsed and written
 * for completeness; placement by these rules is the scheduler's business.
 */
public record ResourceAffinityRule(String id, SortedSet<ResourceId> resources, Affinity affinity,
        boolean disabled, Optional<String> comment) implements HaRule {

    public static final String TYPE = "resource-affinity";

    public ResourceAffinityRule {
        HaSyntax.requireConfigId("rule id", id);
        resources = HaSyntax.ruleResources(id, resources);
        Objects.requireNonNull(affinity, "affinity");
        comment = HaSyntax.comment(comment);
    }

    public static ResourceAffinityRule of(String id, Collection<ResourceId> resources, Affinity affinity) {
        return new ResourceAffinityRule(id, new TreeSet<>(resources), affinity, false, Optional.empty());
    }

    @Override
    public String type() {
        return TYPE;
    }

    public ResourceAffinityRule withDisabled(boolean newDisabled) {
        return new ResourceAffinityRule(id, resources, affinity, newDisabled, comment);
    }

    public ResourceAffinityRule withComment(Optional<String> newComment) {
        return new ResourceAffinityRule(id, resources, affinity, disabled, newComment);
    }
}
