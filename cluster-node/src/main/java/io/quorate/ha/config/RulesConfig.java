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
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * {@code ha/rules.cfg} (Proxmox VE 9): HA rules in file order.
 *
 * <pre>
 * node-affinity: vm101-should-be-on-node1
 * 	comment prefers node1
 * 	nodes node1:2,node2
 * 	resources vm:101,ct:102
 * 	strict 1
 *
 * resource-affinity: keep-apart
 * 	affinity negative
 * 	resources vm:101,vm:102
 * </pre>
 *
 * <p>Keys of {@code node-affinity}: {@code resources} and {@code nodes} (required), {@code strict},
 * {@code affinity} (only {@code positive}), {@code disable}, {@code comment}. Keys of
 * {@code resource-affinity}: {@code resources} and {@code affinity} (required), {@code disable},
 * {@code comment}. Other keys and section types are errors, and so is a rule id used twice (ids are
 * unique across types). The comment is stored with Proxmox's {@code encode_text} escaping
 * ({@code %XX} for ':' and non-ASCII). Writing follows Proxmox's SectionConfig order: comment, a bare
 * {@code disable} when disabled, the required keys sorted, then the optional ones sorted; resources
 * and nodes are sorted as Proxmox sorts them.
 */
public final class RulesConfig {

    public static final String PATH = "ha/rules.cfg";

    static final String RESOURCES = "resources";
    static final String NODES = "nodes";
    static final String STRICT = "strict";
    static final String AFFINITY = "affinity";
    static final String DISABLE = "disable";
    static final String COMMENT = "comment";
    private static final Set<String> NODE_AFFINITY_KEYS = Set.of(RESOURCES, NODES, STRICT, AFFINITY, DISABLE,
            COMMENT);
    private static final Set<String> RESOURCE_AFFINITY_KEYS = Set.of(RESOURCES, AFFINITY, DISABLE, COMMENT);

    private static final RulesConfig EMPTY = new RulesConfig(new LinkedHashMap<>());

    private final Map<String, HaRule> rules;

    private RulesConfig(LinkedHashMap<String, HaRule> rules) {
        this.rules = Collections.unmodifiableMap(rules);
    }

    public static RulesConfig empty() {
        return EMPTY;
    }

    public static RulesConfig of(Collection<? extends HaRule> rules) {
        LinkedHashMap<String, HaRule> map = new LinkedHashMap<>();
        for (HaRule rule : rules) {
            if (map.putIfAbsent(rule.id(), rule) != null) {
                throw new IllegalArgumentException("duplicate rule '" + rule.id() + "'");
            }
        }
        return new RulesConfig(map);
    }

    public static RulesConfig parse(String source, String text) throws ConfigException {
        SectionConfig sections = SectionConfig.parse(source, text);
        LinkedHashMap<String, HaRule> map = new LinkedHashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        for (SectionConfig.Section section : sections.sections()) {
            String id = section.id();
            try {
                HaSyntax.requireConfigId("rule id", id);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source, section.line(), e.getMessage());
            }
            Integer first = lines.putIfAbsent(id, section.line());
            if (first != null) {
                throw new ConfigException(source, section.line(),
                        "duplicate rule '" + id + "' (first on line " + first + ")");
            }
            HaRule rule;
            if (section.type().equals(NodeAffinityRule.TYPE)) {
                rule = readNodeAffinity(source, section);
            } else if (section.type().equals(ResourceAffinityRule.TYPE)) {
                rule = readResourceAffinity(source, section);
            } else {
                throw new ConfigException(source, section.line(), "unknown rule type '" + section.type()
                        + "' in '" + section.label() + "' (known: node-affinity, resource-affinity)");
            }
            map.put(id, rule);
        }
        return new RulesConfig(map);
    }

    private static NodeAffinityRule readNodeAffinity(String source, SectionConfig.Section section)
            throws ConfigException {
        String id = section.id();
        SectionReader reader = SectionReader.of(source, section, "rule '" + id + "'", NODE_AFFINITY_KEYS);
        SortedSet<ResourceId> resources = reader.required(RESOURCES, RulesConfig::parseResources);
        NodePriorities nodes = reader.required(NODES, HaSyntax::nonEmptyNodes);
        boolean strict = reader.optionalBoolean(STRICT).orElse(false);
        reader.optional(AFFINITY, value -> {
            if (!value.equals(Affinity.POSITIVE.text())) {
                throw new IllegalArgumentException("a node-affinity rule only takes 'positive', got '" + value + "'");
            }
            return value;
        });
        boolean disabled = reader.optionalBoolean(DISABLE).orElse(false);
        Optional<String> comment = reader.optionalText(COMMENT).map(HaSyntax::decodeText);
        return reader.build(() -> new NodeAffinityRule(id, resources, nodes, strict, disabled, comment));
    }

    private static ResourceAffinityRule readResourceAffinity(String source, SectionConfig.Section section)
            throws ConfigException {
        String id = section.id();
        SectionReader reader = SectionReader.of(source, section, "rule '" + id + "'", RESOURCE_AFFINITY_KEYS);
        SortedSet<ResourceId> resources = reader.required(RESOURCES, RulesConfig::parseResources);
        Affinity affinity = reader.required(AFFINITY, Affinity::parse);
        boolean disabled = reader.optionalBoolean(DISABLE).orElse(false);
        Optional<String> comment = reader.optionalText(COMMENT).map(HaSyntax::decodeText);
        return reader.build(() -> new ResourceAffinityRule(id, resources, affinity, disabled, comment));
    }

    /** {@code vm:101,ct:102}: any well-formed sids, none twice. */
    static SortedSet<ResourceId> parseResources(String text) {
        TreeSet<ResourceId> sids = new TreeSet<>();
        for (String item : HaSyntax.splitList(text)) {
            ResourceId sid = ResourceId.parse(item);
            if (!sids.add(sid)) {
                throw new IllegalArgumentException("resource '" + sid + "' is listed twice");
            }
        }
        if (sids.isEmpty()) {
            throw new IllegalArgumentException("no resources given");
        }
        return sids;
    }

    public String write() {
        List<SectionConfig.Section> sections = new ArrayList<>();
        for (HaRule rule : rules.values()) {
            List<SectionConfig.Property> properties = new ArrayList<>();
            rule.comment().ifPresent(c -> properties.add(new SectionConfig.Property(COMMENT, HaSyntax.encodeText(c))));
            if (rule.disabled()) {
                properties.add(new SectionConfig.Property(DISABLE, ""));
            }
            String resources = String.join(",", rule.resources().stream().map(ResourceId::toString).toList());
            if (rule instanceof NodeAffinityRule nodeAffinity) {
                properties.add(new SectionConfig.Property(NODES, nodeAffinity.nodes().format()));
                properties.add(new SectionConfig.Property(RESOURCES, resources));
                if (nodeAffinity.strict()) {
                    properties.add(new SectionConfig.Property(STRICT, "1"));
                }
            } else if (rule instanceof ResourceAffinityRule resourceAffinity) {
                properties.add(new SectionConfig.Property(AFFINITY, resourceAffinity.affinity().text()));
                properties.add(new SectionConfig.Property(RESOURCES, resources));
            }
            sections.add(new SectionConfig.Section(rule.type(), rule.id(), properties));
        }
        return SectionConfig.of(sections).write();
    }

    /** In file order. */
    public List<HaRule> rules() {
        return List.copyOf(rules.values());
    }

    /** The node-affinity rules, in file order, disabled ones included. */
    public List<NodeAffinityRule> nodeAffinityRules() {
        return rules.values().stream().filter(NodeAffinityRule.class::isInstance)
                .map(NodeAffinityRule.class::cast).toList();
    }

    /** The resource-affinity rules, in file order, disabled ones included. */
    public List<ResourceAffinityRule> resourceAffinityRules() {
        return rules.values().stream().filter(ResourceAffinityRule.class::isInstance)
                .map(ResourceAffinityRule.class::cast).toList();
    }

    public Optional<HaRule> get(String id) {
        return Optional.ofNullable(rules.get(id));
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Adds the rule at the end, or replaces the one with its id in place. */
    public RulesConfig with(HaRule rule) {
        Objects.requireNonNull(rule, "rule");
        LinkedHashMap<String, HaRule> map = new LinkedHashMap<>(rules);
        map.put(rule.id(), rule);
        return new RulesConfig(map);
    }

    public RulesConfig without(String id) {
        LinkedHashMap<String, HaRule> map = new LinkedHashMap<>(rules);
        map.remove(id);
        return new RulesConfig(map);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RulesConfig that && rules().equals(that.rules());
    }

    @Override
    public int hashCode() {
        return rules().hashCode();
    }

    @Override
    public String toString() {
        return "RulesConfig" + rules.values();
    }
}
