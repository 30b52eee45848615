package io.quorate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfParserTest {

    @Test
    void readsPairsAndNestedSectionsInOrderWithTheirLines() throws ConfigException {
        ConfTree tree = ConfTree.parse("""
                # a comment
                totem {
                  cluster_name: lab

                  interface {
                    linknumber: 0
                  }
                }
                """, "test.conf");

        ConfSection totem = tree.sections("totem").get(0);
        assertEquals(2, totem.line());
        assertEquals(List.of(new ConfPair("cluster_name", "lab"),
                new ConfSection("interface", List.of(new ConfPair("linknumber", "0")))), totem.entries());
        assertEquals(3, totem.pairs("cluster_name").get(0).line());
        assertEquals(5, totem.sections("interface").get(0).line());
    }

    @Test
    void valuesRunToEndOfLineTrimmedAndMayContainColons() throws ConfigException {
        ConfTree tree = ConfTree.parse("""
                node {
                \tring0_addr:    [fe80::1]:5412\t
                  comment:   two words  here
                  empty:
                }
                """, "test.conf");

        ConfSection node = tree.sections("node").get(0);
        assertEquals("[fe80::1]:5412", node.pairs("ring0_addr").get(0).value());
        assertEquals("two words  here", node.pairs("comment").get(0).value());
        assertEquals("", node.pairs("empty").get(0).value());
    }

    @Test
    void acceptsSectionNameGluedToTheBraceAndWindowsLineEnds() throws ConfigException {
        ConfTree tree = ConfTree.parse("quorum{\r\n  provider: corosync_votequorum\r\n}\r\n", "test.conf");

        assertEquals(List.of(new ConfPair("provider", "corosync_votequorum")),
                tree.sections("quorum").get(0).entries());
    }

    @Test
    void keepsRepeatedKeysAndSectionsForTheReadersToJudge() throws ConfigException {
        ConfTree tree = ConfTree.parse("a: 1\na: 2\ns {\n}\ns {\n}\n", "test.conf");

        assertEquals(2, tree.root().pairs("a").size());
        assertEquals(2, tree.sections("s").size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            unclosed section        | totem {\\n  token: 3000\\n                 | bad.conf:1: section 'totem' is not closed
            unclosed nested section | a {\\n  b {\\n  }\\n  c {\\n}\\n           | bad.conf:1: section 'a' is not closed
            stray closing brace     | a {\\n}\\n}\\n                           | bad.conf:3: '}' without an open section
            text after brace        | a {\\n} x\\n                             | bad.conf:2: unexpected text after '}': '} x'
            line without colon      | totem {\\n  token 3000\\n}\\n            | bad.conf:2: expected 'key: value', 'name {' or '}', got 'token 3000'
            empty key               | totem {\\n  : 3000\\n}\\n                | bad.conf:2: empty key before ':'
            key with a space        | totem {\\n  my token: 3000\\n}\\n        | bad.conf:2: invalid key 'my token'
            section opened mid-line | totem { token: 3000\\n}\\n               | bad.conf:1: '{' must end its line, got 'totem { token'
            section without name    | {\\n}\\n                                 | bad.conf:1: section name missing before '{'
            section name with space | my totem {\\n}\\n                        | bad.conf:1: invalid section name 'my totem'
            section name with colon | totem: {\\n}\\n                          | bad.conf:1: invalid section name 'totem:'
            """)
    void rejectsMalformedSyntaxNamingFileAndLine(String problem, String text, String message) {
        ConfigException error = assertThrows(ConfigException.class,
                () -> ConfTree.parse(text.replace("\\n", "\n"), "bad.conf"));

        assertEquals(message, error.getMessage());
    }
}
