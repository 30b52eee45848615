package io.quorate.ha.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.config.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeAffinityTest {

    private static final Set<String> ALL = Set.of("node1", "node2", "node3", "node4");
    private static final ResourceId VM101 = ResourceId.vm(101);

    @Test
    void withoutRuleEveryOnlineNodeAtPriorityZero() {
        AllowedNodes allowed = NodeAffinity.none().allowedNodes(VM101, Set.of("node2", "node1"));
        assertEquals(Map.of("node1", 0, "node2", 0), allowed.priorities());
        assertEquals(List.of(Set.of("node1", "node2")), allowed.byPriority());
        assertTrue(NodeAffinity.none().allowedNodes(VM101, Set.of()).isEmpty());
    }

    @Test
    void prioritiesOrderTheAllowedNodes() throws ConfigException {
        NodeAffinity affinity = NodeAffinity.compile(rules("""
                node-affinity: rx
                \tnodes node1:1,node2:2,node3:2
                \tresources vm:101
                \tstrict 1
                """));
        AllowedNodes allowed = affinity.allowedNodes(VM101, ALL);
        assertEquals(List.of(Set.of("node2", "node3"), Set.of("node1")), allowed.byPriority());
        assertEquals(Set.of("node2", "node3"), allowed.preferred());
        assertEquals(OptionalInt.empty(), allowed.priority("node4"), "strict: unlisted nodes are not allowed");

        AllowedNodes withoutTop = affinity.allowedNodes(VM101, Set.of("node1", "node4"));
        assertEquals(Map.of("node1", 1), withoutTop.priorities(), "the next priority class takes over");
    }

    @Test
    void strictRuleWithNoNodeOnlineAllowsNothing() throws ConfigException {
        NodeAffinity affinity = NodeAffinity.compile(rules(
                "node-affinity: rx\n\tnodes node3\n\tresources vm:101\n\tstrict 1\n"));
        assertTrue(affinity.allowedNodes(VM101, Set.of("node1", "node2")).isEmpty());
        assertTrue(affinity.allowedNodes(VM101, Set.of("node1", "node2")).preferred().isEmpty());
        assertEquals(Set.of("node3"), affinity.allowedNodes(VM101, ALL).nodes());
    }

    @Test
    void nonStrictRuleFallsBackToAnyOnlineNode() throws ConfigException {
        NodeAffinity affinity = NodeAffinity.compile(rules(
                "node-affinity: rx\n\tnodes node2:2,node3:1\n\tresources vm:101\n"));
        AllowedNodes all = affinity.allowedNodes(VM101, ALL);
        assertEquals(List.of(Set.of("node2"), Set.of("node3"), Set.of("node1", "node4")), all.byPriority());
        assertEquals(OptionalInt.of(AllowedNodes.FALLBACK_PRIORITY), all.priority("node1"));

        AllowedNodes fallback = affinity.allowedNodes(VM101, Set.of("node1", "node4"));
        assertEquals(Set.of("node1", "node4"), fallback.preferred());
        assertTrue(affinity.allowedNodes(VM101, Set.of()).isEmpty());
        assertEquals(Set.of("node1"), affinity.allowedNodes(ResourceId.vm(102), Set.of("node1")).nodes(),
                "other resources are unconstrained");
    }

    @Test
    void restrictedGroupActsAsStrictRuleAndUnrestrictedAsNonStrict() throws ConfigException {
        GroupsConfig groups = GroupsConfig.parse("g", """
                group: only3
                \tnodes node3
                \trestricted 1

                group: prefer3
                \tnodes node3
                """);
        ResourcesConfig resources = ResourcesConfig.of(List.of(
                HaResource.of(VM101).withGroup(Optional.of("only3")),
                HaResource.of(ResourceId.vm(102)).withGroup(Optional.of("prefer3"))));
        NodeAffinity affinity = NodeAffinity.compile(resources, groups, RulesConfig.empty());
        assertTrue(affinity.allowedNodes(VM101, Set.of("node1", "node2")).isEmpty());
        assertEquals(Set.of("node1", "node2"), affinity.allowedNodes(ResourceId.vm(102), Set.of("node1", "node2"))
                .preferred());
        assertEquals(Set.of("node3"), affinity.allowedNodes(ResourceId.vm(102), ALL).preferred());
        assertEquals("ha-group-only3", affinity.ruleFor(VM101).orElseThrow().id());
    }

    @Test
    void disabledRulesAreIgnored() throws ConfigException {
        NodeAffinity affinity = NodeAffinity.compile(rules(
                "node-affinity: rx\n\tdisable\n\tnodes node3\n\tresources vm:101\n\tstrict 1\n"));
        assertEquals(ALL, affinity.allowedNodes(VM101, ALL).nodes());
        assertTrue(affinity.ruleFor(VM101).isEmpty());
    }

    @Test
    void resourceInTwoRulesDropsBothRules() throws ConfigException {
        NodeAffinity affinity = NodeAffinity.compile(rules("""
                node-affinity: ra
                \tnodes node1
                \tresources vm:101,vm:102
                \tstrict 1

                node-affinity: rb
                \tnodes node2
                \tresources vm:101
                \tstrict 1

                node-affinity: rc
                \tnodes node3
                \tresources vm:103
                \tstrict 1
                """));
        assertEquals(List.of(
                "Drop rule 'ra', because resource 'vm:101' is already used in another node affinity rule.",
                "Drop rule 'rb', because resource 'vm:101' is already used in another node affinity rule."),
                affinity.droppedRules());
        assertEquals(ALL, affinity.allowedNodes(VM101, ALL).nodes());
        assertEquals(ALL, affinity.allowedNodes(ResourceId.vm(102), ALL).nodes(), "the whole rule is dropped");
        assertEquals(Set.of("node3"), affinity.allowedNodes(ResourceId.vm(103), ALL).nodes());
    }

    private static RulesConfig rules(String text) throws ConfigException {
        return RulesConfig.parse("rules.cfg", text);
    }
}
