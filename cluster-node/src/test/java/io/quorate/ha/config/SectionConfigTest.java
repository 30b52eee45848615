package io.quorate.ha.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SectionConfigTest {

    @Test
    void readsSectionsPropertiesFlagsAndSkipsComments() throws ConfigException {
        String text = """
                # leading comment
                node-affinity: r1
                \tcomment some text: with colon
                \tdisable
                  # indented comment inside the section
                \tnodes node1:2,node2
                \t \t
                \tresources   vm:101  \r

                vm:102
                \tstate started
                """;
        SectionConfig config = SectionConfig.parse("rules.cfg", text);

        assertEquals(2, config.sections().size());
        SectionConfig.Section first = config.sections().get(0);
        assertEquals("node-affinity", first.type());
        assertEquals("r1", first.id());
        assertEquals(2, first.line());
        assertEquals(List.of(
                new SectionConfig.Property("comment", "some text: with colon"),
                new SectionConfig.Property("disable", ""),
                new SectionConfig.Property("nodes", "node1:2,node2"),
                new SectionConfig.Property("resources", "vm:101")), first.properties());
        assertTrue(first.property("disable").orElseThrow().isFlag());
        assertEquals(6, first.property("nodes").orElseThrow().line());
        SectionConfig.Section second = config.sections().get(1);
        assertEquals("vm", second.type());
        assertEquals("102", second.id());
    }

    @Test
    void writesProxmoxLayoutAndRoundTrips() throws ConfigException {
        SectionConfig config = SectionConfig.of(List.of(
                new SectionConfig.Section("group", "g1", List.of(
                        new SectionConfig.Property("nodes", "a:1,b"),
                        new SectionConfig.Property("restricted", "1"))),
                new SectionConfig.Section("node-affinity", "r", List.of(new SectionConfig.Property("disable", "")))));
        String text = config.write();
        assertEquals("group: g1\n\tnodes a:1,b\n\trestricted 1\n\nnode-affinity: r\n\tdisable\n\n", text);
        assertEquals(config, SectionConfig.parse("x", text));
        assertEquals(text, SectionConfig.parse("x", text).write());
        assertEquals("", SectionConfig.parse("x", "").write());
        assertEquals("", SectionConfig.parse("x", "\n# only a comment\n\n").write());
    }

    @Test
    void propertyLineWithoutHeaderIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> SectionConfig.parse("ha/groups.cfg", "\n\tnodes node1\n"));
        assertEquals("ha/groups.cfg", e.source());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith("ha/groups.cfg:2: property line 'nodes node1' outside a section"),
                e.getMessage());
        assertTrue(e.getMessage().contains("missing 'type: id' header"), e.getMessage());
    }

    @Test
    void propertiesAfterBlankLineNeedANewHeader() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> SectionConfig.parse("f", "group: a\n\tnodes n1\n\n\trestricted 1\n"));
        assertEquals(4, e.line());
    }

    @Test
    void headerMustFollowAnEmptyLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> SectionConfig.parse("f", "group: a\n\tnodes n1\ngroup: b\n\tnodes n2\n"));
        assertEquals(3, e.line());
        assertTrue(e.problem().contains("section 'group: a' from line 1 is still open"), e.getMessage());
    }

    @Test
    void malformedHeaderIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> SectionConfig.parse("f", "group a b\n"));
        assertEquals("f:1: expected a section header 'type: id', got 'group a b'", e.getMessage());
        assertThrows(ConfigException.class, () -> SectionConfig.parse("f", "group:\n"));
        assertThrows(ConfigException.class, () -> SectionConfig.parse("f", "a:b: c\n"));
    }

    @Test
    void duplicateSectionAndDuplicateKeyAreErrors() {
        ConfigException section = assertThrows(ConfigException.class,
                () -> SectionConfig.parse("f", "vm: 101\n\tstate started\n\nvm: 101\n\tstate stopped\n"));
        assertEquals("f:4: duplicate section 'vm: 101' (first on line 1)", section.getMessage());
        ConfigException key = assertThrows(ConfigException.class,
                () -> SectionConfig.parse("f", "vm: 101\n\tstate started\n\tstate stopped\n"));
        assertEquals("f:3: section 'vm: 101': duplicate key 'state' (first on line 2)", key.getMessage());
    }

    @Test
    void modelRefusesWhatWouldNotReadBack() {
        assertThrows(IllegalArgumentException.class, () -> new SectionConfig.Property("k", "a\nb"));
        assertThrows(IllegalArgumentException.class, () -> new SectionConfig.Property("k", " padded"));
        assertThrows(IllegalArgumentException.class, () -> new SectionConfig.Property("two words", "v"));
        assertThrows(IllegalArgumentException.class, () -> new SectionConfig.Property("#k", "v"));
        assertThrows(IllegalArgumentException.class, () -> new SectionConfig.Section("a:b", "c", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SectionConfig.Section("t", "two words", List.of()));
        assertThrows(IllegalArgumentException.class, () -> SectionConfig.of(List.of(
                new SectionConfig.Section("t", "x", List.of()), new SectionConfig.Section("t", "x", List.of()))));
    }
}
