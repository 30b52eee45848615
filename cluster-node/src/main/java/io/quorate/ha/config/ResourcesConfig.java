package io.quorate.ha.config;

import io.quorate.config.ConfigException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ha/resources.cfg}: the HA resources in file order.
 *
 * <pre>
 * vm: 101
 * 	comment web server
 * 	group prefer-node1
 * 	max_restart 2
 * 	state started
 * </pre>
 *
 * <p>Section types are the resource types ({@code vm}, {@code ct}); the section id is the name part
 * of the sid. Keys: {@code state}, {@code group}, {@code max_restart}, {@code max_relocate},
 * {@code failback}, {@code comment}; any other key, an unknown type or a sid given twice is an
 * error. Writing follows Proxmox's SectionConfig order (comment first, then the keys sorted) and
 * leaves out options at their default except {@code state}.
 */
public final class ResourcesConfig {

    /** Where the file lives in the config tree. */
    public static final String PATH = "ha/resources.cfg";

    /** Resource types Proxmox VE registers: virtual machines and containers. */
    public static final Set<String> GUEST_TYPES = Set.of(ResourceId.VM, ResourceId.CT);

    static final String STATE = "state";
    static final String GROUP = "group";
    static final String MAX_RESTART = "max_restart";
    static final String MAX_RELOCATE = "max_relocate";
    static final String FAILBACK = "failback";
    static final String COMMENT = "comment";
    private static final Set<String> KEYS = Set.of(STATE, GROUP, MAX_RESTART, MAX_RELOCATE, FAILBACK, COMMENT);

    private static final ResourcesConfig EMPTY = new ResourcesConfig(new LinkedHashMap<>());

    private final Map<ResourceId, HaResource> resources;

    private ResourcesConfig(LinkedHashMap<ResourceId, HaResource> resources) {
        this.resources = java.util.Collections.unmodifiableMap(resources);
    }

    public static ResourcesConfig empty() {
        return EMPTY;
    }

    /** The resources in this order; a sid given twice is refused. */
    public static ResourcesConfig of(Collection<HaResource> resources) {
        LinkedHashMap<ResourceId, HaResource> map = new LinkedHashMap<>();
        for (HaResource resource : resources) {
            if (map.putIfAbsent(resource.sid(), resource) != null) {
                throw new IllegalArgumentException("duplicate resource '" + resource.sid() + "'");
            }
        }
        return new ResourcesConfig(map);
    }

    /** Reads the file, accepting the guest types {@code vm} and {@code ct}. */
    public static ResourcesConfig parse(String source, String text) throws ConfigException {
        return parse(source, text, GUEST_TYPES);
    }

    /**
     * Reads the file accepting these resource types (a simulator registers more, as Proxmox's
     * registers {@code fa}).
     */
    public static ResourcesConfig parse(String source, String text, Set<String> resourceTypes)
            throws ConfigException {
        SectionConfig sections = SectionConfig.parse(source, text);
        LinkedHashMap<ResourceId, HaResource> map = new LinkedHashMap<>();
        Map<ResourceId, Integer> lines = new HashMap<>();
        for (SectionConfig.Section section : sections.sections()) {
            HaResource resource = read(source, section, resourceTypes);
            Integer first = lines.putIfAbsent(resource.sid(), section.line());
            if (first != null) {
                throw new ConfigException(source, section.line(),
                        "duplicate resource '" + resource.sid() + "' (first on line " + first + ")");
            }
            map.put(resource.sid(), resource);
        }
        return new ResourcesConfig(map);
    }

    private static HaResource read(String source, SectionConfig.Section section, Set<String> types)
            throws ConfigException {
        String label = section.type() + ":" + section.id();
        if (!types.contains(section.type())) {
            throw new ConfigException(source, section.line(), "no such resource type '" + section.type()
                    + "' in '" + section.label() + "' (known: " + String.join(", ", new java.util.TreeSet<>(types))
                    + ")");
        }
        ResourceId sid;
        try {
            sid = new ResourceId(section.type(), section.id());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, section.line(), e.getMessage());
        }
        SectionReader reader = SectionReader.of(source, section, label, KEYS);
        RequestedState state = reader.optional(STATE, RequestedState::parse).orElse(RequestedState.DEFAULT);
        Optional<String> group = reader.optional(GROUP, value -> HaSyntax.requireConfigId("group id", value));
        int maxRestart = reader.optional(MAX_RESTART, value -> HaSyntax.parseInt(value, 0, Integer.MAX_VALUE))
                .orElse(HaResource.DEFAULT_MAX_RESTART);
        int maxRelocate = reader.optional(MAX_RELOCATE, value -> HaSyntax.parseInt(value, 0, Integer.MAX_VALUE))
                .orElse(HaResource.DEFAULT_MAX_RELOCATE);
        boolean failback = reader.optionalBoolean(FAILBACK).orElse(HaResource.DEFAULT_FAILBACK);
        Optional<String> comment = reader.optionalText(COMMENT);
        return reader.build(() -> new HaResource(sid, state, group, maxRestart, maxRelocate, failback, comment));
    }

    /** Proxmox's layout; see the class comment. */
    public String write() {
        List<SectionConfig.Section> sections = new ArrayList<>();
        for (HaResource resource : resources.values()) {
            List<SectionConfig.Property> properties = new ArrayList<>();
            resource.comment().ifPresent(c -> properties.add(new SectionConfig.Property(COMMENT, c)));
            if (resource.failback() != HaResource.DEFAULT_FAILBACK) {
                properties.add(new SectionConfig.Property(FAILBACK, HaSyntax.formatBoolean(resource.failback())));
            }
            resource.group().ifPresent(g -> properties.add(new SectionConfig.Property(GROUP, g)));
            if (resource.maxRelocate() != HaResource.DEFAULT_MAX_RELOCATE) {
                properties.add(new SectionConfig.Property(MAX_RELOCATE, Integer.toString(resource.maxRelocate())));
            }
            if (resource.maxRestart() != HaResource.DEFAULT_MAX_RESTART) {
                properties.add(new SectionConfig.Property(MAX_RESTART, Integer.toString(resource.maxRestart())));
            }
            properties.add(new SectionConfig.Property(STATE, resource.state().text()));
            sections.add(new SectionConfig.Section(resource.sid().type(), resource.sid().name(), properties));
        }
        return SectionConfig.of(sections).write();
    }

    /** In file order. */
    public List<HaResource> resources() {
        return List.copyOf(resources.values());
    }

    public Optional<HaResource> get(ResourceId sid) {
        return Optional.ofNullable(resources.get(sid));
    }

    public boolean contains(ResourceId sid) {
        return resources.containsKey(sid);
    }

    public int size() {
        return resources.size();
    }

    public boolean isEmpty() {
        return resources.isEmpty();
    }

    /** Adds the resource at the end, or replaces the one with its sid in place. */
    public ResourcesConfig with(HaResource resource) {
        Objects.requireNonNull(resource, "resource");
        LinkedHashMap<ResourceId, HaResource> map = new LinkedHashMap<>(resources);
        map.put(resource.sid(), resource);
        return new ResourcesConfig(map);
    }

    public ResourcesConfig without(ResourceId sid) {
        LinkedHashMap<ResourceId, HaResource> map = new LinkedHashMap<>(resources);
        map.remove(sid);
        return new ResourcesConfig(map);
    }

    /** Equal when the same resources appear in the same order. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ResourcesConfig that && resources().equals(that.resources());
    }

    @Override
    public int hashCode() {
        return resources().hashCode();
    }

    @Override
    public String toString() {
        return "ResourcesConfig" + resources.values();
    }
}
