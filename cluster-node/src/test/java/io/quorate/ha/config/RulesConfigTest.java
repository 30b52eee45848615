package io.quorate.ha.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.config.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RulesConfigTest {

    @Test
    void readsBothRuleTypes() throws ConfigException {
        RulesConfig config = RulesConfig.parse(RulesConfig.PATH, """
                node-affinity: vm101-must-be-on-node2-node3
                \tnodes node2:2,node3:1
                \tresources vm:101,ct:1000
                \tstrict 1

                resource-affinity: keep-apart
                \taffinity negative
                \tresources vm:102 vm:101
                \tdisable
                \tcomment anti%3A affinity %C3%A4

                node-affinity: soft
                \tnodes node1
                \tresources fa:130
                \taffinity positive
                """);
        assertEquals(List.of("vm101-must-be-on-node2-node3", "keep-apart", "soft"),
                config.rules().stream().map(HaRule::id).toList());
        NodeAffinityRule strict = (NodeAffinityRule) config.get("vm101-must-be-on-node2-node3").orElseThrow();
        assertTrue(strict.strict());
        assertFalse(strict.disabled());
        assertEquals(NodePriorities.of(Map.of("node2", 2, "node3", 1)), strict.nodes());
        assertEquals(List.of(ResourceId.ct(1000), ResourceId.vm(101)), List.copyOf(strict.resources()),
                "sorted as text, as Proxmox sorts sids");
        ResourceAffinityRule apart = (ResourceAffinityRule) config.get("keep-apart").orElseThrow();
        assertEquals(Affinity.NEGATIVE, apart.affinity());
        assertTrue(apart.disabled(), "a bare 'disable' is true");
        assertEquals(Optional.of("anti: affinity \u00e4"), apart.comment());
        NodeAffinityRule soft = config.nodeAffinityRules().get(1);
        assertFalse(soft.strict());
        assertEquals(ResourceId.parse("fa:130"), soft.resources().first());
        assertEquals(List.of(apart), config.resourceAffinityRules());
    }

    @Test
    void writesProxmoxOrderAndEncodesComments() throws ConfigException {
        RulesConfig config = RulesConfig.of(List.of(
                new NodeAffinityRule("r1", new TreeSet<>(List.of(ResourceId.vm(102), ResourceId.vm(101))),
                        NodePriorities.of(Map.of("node3", 0, "node1", 2)), true, true,
                        Optional.of("100% on: node1 \u00fc")),
                ResourceAffinityRule.of("together", List.of(ResourceId.ct(200), ResourceId.vm(101)), Affinity.POSITIVE)));
        String text = config.write();
        assertEquals("""
                node-affinity: r1
                \tcomment 100%25 on%3A node1 %C3%BC
                \tdisable
                \tnodes node1:2,node3
                \tresources vm:101,vm:102
                \tstrict 1

                resource-affinity: together
                \taffinity positive
                \tresources ct:200,vm:101

                """, text);
        assertEquals(config, RulesConfig.parse("x", text));
        assertEquals(text, RulesConfig.parse("x", text).write());
    }

    @Test
    void nonStrictEnabledRuleWritesOnlyRequiredKeys() throws ConfigException {
        String text = "node-affinity: vm101-should-be-on-node1\n\tnodes node1\n\tresources vm:101\n\n";
        assertEquals(text, RulesConfig.parse("x", text).write());
        assertEquals(text, RulesConfig.parse("x", text.replace("\n\n", "\n\tstrict 0\n\tdisable 0\n\n")).write());
    }

    @Test
    void badInputIsAnError() {
        assertProblem("node-affinity: rx\n\tnodes n1\n", 1, "rule 'rx': missing required key 'resources'");
        assertProblem("node-affinity: rx\n\tresources vm:101\n", 1, "missing required key 'nodes'");
        assertProblem("node-affinity: rx\n\tresources vm:1\n\tnodes n1\n", 2,
                "rule 'rx': invalid value for 'resources': invalid VMID '1' in 'vm:1'");
        assertProblem("node-affinity: rx\n\tresources 101\n\tnodes n1\n", 2, "invalid resource id '101'");
        assertProblem("node-affinity: rx\n\tresources vm:101,vm:101\n\tnodes n1\n", 2, "listed twice");
        assertProblem("node-affinity: rx\n\tresources vm:101\n\tnodes n1:x\n", 3, "invalid priority 'x'");
        assertProblem("node-affinity: rx\n\tresources vm:101\n\tnodes n1\n\taffinity negative\n", 4,
                "a node-affinity rule only takes 'positive'");
        assertProblem("node-affinity: rx\n\tresources vm:101\n\tnodes n1\n\tstrict 2\n", 4, "expected a boolean");
        assertProblem("resource-affinity: rx\n\tresources vm:101,vm:102\n", 1, "missing required key 'affinity'");
        assertProblem("resource-affinity: rx\n\tresources vm:101,vm:102\n\taffinity maybe\n", 3, "unknown affinity");
        assertProblem("resource-affinity: rx\n\tresources vm:101\n\taffinity positive\n\tnodes n1\n", 4,
                "unknown key 'nodes'");
        assertProblem("location: rx\n\tresources vm:101\n", 1, "unknown rule type 'location'");
        assertProblem("node-affinity: rx\n\tresources vm:101\n\tnodes n1\n\n"
                + "resource-affinity: rx\n\tresources vm:101,vm:102\n\taffinity positive\n", 5,
                "duplicate rule 'rx' (first on line 1)");
        assertProblem("node-affinity: bad.id\n\tresources vm:101\n\tnodes n1\n", 1, "invalid rule id 'bad.id'");
    }

    private static void assertProblem(String text, int line, String problemPart) {
        ConfigException e = assertThrows(ConfigException.class, () -> RulesConfig.parse("ha/rules.cfg", text));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.problem().contains(problemPart), e.getMessage());
    }
}
