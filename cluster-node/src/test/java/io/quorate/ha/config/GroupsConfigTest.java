package io.quorate.ha.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.config.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class GroupsConfigTest {

    @Test
    void readsGroups() throws ConfigException {
        GroupsConfig config = GroupsConfig.parse(GroupsConfig.PATH, """
                group: group1
                \tnodes node1
                \trestricted 1

                group: group2
                \tnodes node2:2,node3
                \tnofailback 1
                \tcomment two: of them
                """);
        HaGroup group1 = config.get("group1").orElseThrow();
        assertTrue(group1.restricted());
        assertFalse(group1.nofailback());
        assertEquals(NodePriorities.ofNodes("node1"), group1.nodes());
        HaGroup group2 = config.get("group2").orElseThrow();
        assertEquals(OptionalInt.of(2), group2.nodes().priority("node2"));
        assertEquals(OptionalInt.of(0), group2.nodes().priority("node3"), "priority defaults to 0");
        assertEquals(OptionalInt.empty(), group2.nodes().priority("node1"));
        assertTrue(group2.nofailback());
        assertFalse(group2.restricted());
        assertEquals(Optional.of("two: of them"), group2.comment());
    }

    @Test
    void writesStableLayoutAndRoundTrips() throws ConfigException {
        GroupsConfig config = GroupsConfig.of(List.of(
                new HaGroup("default", NodePriorities.of(Map.of("n3", 1, "n1", 0, "n2", 5)), true, true,
                        Optional.of("c")),
                HaGroup.of("other", NodePriorities.ofNodes("n1"))));
        String text = config.write();
        assertEquals("""
                group: default
                \tcomment c
                \tnodes n1,n2:5,n3:1
                \tnofailback 1
                \trestricted 1

                group: other
                \tnodes n1

                """, text);
        assertEquals(config, GroupsConfig.parse("x", text));
        assertEquals(text, GroupsConfig.parse("x", "group: default\n\trestricted yes\n\tnofailback on\n\tcomment c\n"
                + "\tnodes n2:5;n3:1 n1:0\n\ngroup: other\n\tnodes n1\n\trestricted 0\n").write());
    }

    @Test
    void badPriorityIsAnError() {
        assertProblem("group: gx\n\tnodes node1:high\n", 2, "group 'gx': invalid value for 'nodes': invalid priority"
                + " 'high' for node 'node1' in 'node1:high': must be a non-negative integer");
        assertProblem("group: gx\n\tnodes node1:-1\n", 2, "invalid priority '-1'");
        assertProblem("group: gx\n\tnodes node1:99999999999\n", 2, "too large");
        assertProblem("group: gx\n\tnodes node1:1,node1:2\n", 2, "node 'node1' is listed twice");
        assertProblem("group: gx\n\tnodes -node1\n", 2, "invalid node name '-node1'");
    }

    @Test
    void missingNodesUnknownTypeBadIdAreErrors() {
        assertProblem("group: gx\n\trestricted 1\n", 1, "group 'gx': missing required key 'nodes'");
        assertProblem("group: gx\n\tnodes\n", 2, "no nodes given");
        assertProblem("groups: g\n\tnodes n1\n", 1, "unknown section type 'groups'");
        assertProblem("group: 9g\n\tnodes n1\n", 1, "invalid group id '9g'");
        assertProblem("group: gx\n\tnodes n1\n\tpriority 3\n", 3, "unknown key 'priority'");
        assertProblem("group: gx\n\tnodes n1\n\ngroup: gx\n\tnodes n2\n", 4, "duplicate section 'group: gx' (first on line 1)");
    }

    private static void assertProblem(String text, int line, String problemPart) {
        ConfigException e = assertThrows(ConfigException.class, () -> GroupsConfig.parse("ha/groups.cfg", text));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.problem().contains(problemPart), e.getMessage());
        assertTrue(e.getMessage().startsWith("ha/groups.cfg:" + line + ": "), e.getMessage());
    }
}
