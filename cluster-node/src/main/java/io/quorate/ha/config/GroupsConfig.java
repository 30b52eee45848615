package io.quorate.ha.config;

import io.quorate.config.ConfigException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ha/groups.cfg}: HA groups in file order.
 *
 * <pre>
 * group: prefer-node1
 * 	comment keep it close
 * 	nodes node1:2,node2
 * 	nofailback 1
 * 	restricted 1
 * </pre>
 *
 * <p>Only the section type {@code group} exists. Keys: {@code nodes} (required), {@code restricted},
 * {@code nofailback}, {@code comment}; anything else, or a group given twice, is an error. Writing
 * follows Proxmox's SectionConfig order (comment, the required {@code nodes}, then the optional keys
 * sorted); booleans are written only when set, as {@code 1}; nodes sorted by name, priority 0 left
 * out (Proxmox writes a group's entries in hash order, so no order is more compatible than another).
 */
public final class GroupsConfig {

    public static final String PATH = "ha/groups.cfg";

    static final String TYPE = "group";
    static final String NODES = "nodes";
    static final String RESTRICTED = "restricted";
    static final String NOFAILBACK = "nofailback";
    static final String COMMENT = "comment";
    private static final Set<String> KEYS = Set.of(NODES, RESTRICTED, NOFAILBACK, COMMENT);

    private static final GroupsConfig EMPTY = new GroupsConfig(new LinkedHashMap<>());

    private final Map<String, HaGroup> groups;

    private GroupsConfig(LinkedHashMap<String, HaGroup> groups) {
        this.groups = Collections.unmodifiableMap(groups);
    }

    public static GroupsConfig empty() {
        return EMPTY;
    }

    public static GroupsConfig of(Collection<HaGroup> groups) {
        LinkedHashMap<String, HaGroup> map = new LinkedHashMap<>();
        for (HaGroup group : groups) {
            if (map.putIfAbsent(group.name(), group) != null) {
                throw new IllegalArgumentException("duplicate group '" + group.name() + "'");
            }
        }
        return new GroupsConfig(map);
    }

    public static GroupsConfig parse(String source, String text) throws ConfigException {
        SectionConfig sections = SectionConfig.parse(source, text);
        LinkedHashMap<String, HaGroup> map = new LinkedHashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        for (SectionConfig.Section section : sections.sections()) {
            if (!section.type().equals(TYPE)) {
                throw new ConfigException(source, section.line(), "unknown section type '" + section.type()
                        + "' in '" + section.label() + "' (groups.cfg has only 'group: <name>')");
            }
            String name = section.id();
            try {
                HaSyntax.requireConfigId("group id", name);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source, section.line(), e.getMessage());
            }
            Integer first = lines.putIfAbsent(name, section.line());
            if (first != null) {
                throw new ConfigException(source, section.line(),
                        "duplicate group '" + name + "' (first on line " + first + ")");
            }
            SectionReader reader = SectionReader.of(source, section, "group '" + name + "'", KEYS);
            NodePriorities nodes = reader.required(NODES, HaSyntax::nonEmptyNodes);
            boolean restricted = reader.optionalBoolean(RESTRICTED).orElse(false);
            boolean nofailback = reader.optionalBoolean(NOFAILBACK).orElse(false);
            Optional<String> comment = reader.optionalText(COMMENT);
            map.put(name, reader.build(() -> new HaGroup(name, nodes, restricted, nofailback, comment)));
        }
        return new GroupsConfig(map);
    }

    public String write() {
        List<SectionConfig.Section> sections = new ArrayList<>();
        for (HaGroup group : groups.values()) {
            List<SectionConfig.Property> properties = new ArrayList<>();
            group.comment().ifPresent(c -> properties.add(new SectionConfig.Property(COMMENT, c)));
            properties.add(new SectionConfig.Property(NODES, group.nodes().format()));
            if (group.nofailback()) {
                properties.add(new SectionConfig.Property(NOFAILBACK, "1"));
            }
            if (group.restricted()) {
                properties.add(new SectionConfig.Property(RESTRICTED, "1"));
            }
            sections.add(new SectionConfig.Section(TYPE, group.name(), properties));
        }
        return SectionConfig.of(sections).write();
    }

    /** In file order. */
    public List<HaGroup> groups() {
        return List.copyOf(groups.values());
    }

    public Optional<HaGroup> get(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    /** Adds the group at the end, or replaces the one with its name in place. */
    public GroupsConfig with(HaGroup group) {
        Objects.requireNonNull(group, "group");
        LinkedHashMap<String, HaGroup> map = new LinkedHashMap<>(groups);
        map.put(group.name(), group);
        return new GroupsConfig(map);
    }

    public GroupsConfig without(String name) {
        LinkedHashMap<String, HaGroup> map = new LinkedHashMap<>(groups);
        map.remove(name);
        return new GroupsConfig(map);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GroupsConfig that && groups().equals(that.groups());
    }

    @Override
    public int hashCode() {
        return groups().hashCode();
    }

    @Override
    public String toString() {
        return "GroupsConfig" + groups.values();
    }
}
