package io.quorate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each case breaks one thing in an otherwise valid config and expects the message naming it. */
class ClusterConfigValidationTest {

    private static final String MAX_MS = "4294967295";

    /** Valid; the line numbers in the expected messages refer to this text. */
    private static final String VALID = """
            totem {
              cluster_name: lab
              token: 3000
              secauth: on
            }
            nodelist {
              node {
                name: a
                nodeid: 1
                quorum_votes: 1
                ring0_addr: 127.0.0.1:5411
              }
              node {
                name: b
                nodeid: 2
                ring0_addr: 127.0.0.1:5412
              }
            }
            quorum {
              provider: corosync_votequorum
              two_node: 1
            }
            """;

    @Test
    void theBaseConfigIsValid() throws ConfigException {
        assertEquals(2, ClusterConfig.parse(VALID, "v.conf").nodes().size());
    }

    static Stream<Arguments> brokenConfigs() {
        return Stream.of(
                // totem
                arguments("  cluster_name: lab\n", "", "v.conf:1: totem section has no cluster_name"),
                arguments("cluster_name: lab", "cluster_name:", "v.conf:2: cluster_name must not be empty"),
                arguments("secauth: on", "config_version: -1", "v.conf:4: config_version must be an integer >= 0, got '-1'"),
                arguments("token: 3000", "token: 5", "v.conf:3: token must be milliseconds between 10 and " + MAX_MS + ", got '5'"),
                arguments("token: 3000", "token: 3s", "v.conf:3: token must be milliseconds between 10 and " + MAX_MS + ", got '3s'"),
                arguments("token: 3000", "token: 3000\n  consensus: 0",
                        "v.conf:4: consensus must be milliseconds between 1 and " + MAX_MS + ", got '0'"),
                arguments("token: 3000", "token: 3000\n  token: 4000", "v.conf:4: duplicate key 'token' (first at line 3)"),
                arguments("secauth: on", "secauth: yes", "v.conf:4: secauth must be off or on, got 'yes'"),
                arguments("secauth: on", "transport: tcp", "v.conf:4: transport must be one of knet, udp, udpu, got 'tcp'"),
                // nodelist
                arguments("nodeid: 2", "nodeid: x", "v.conf:15: nodeid must be a positive integer, got 'x'"),
                arguments("nodeid: 2", "nodeid: 0", "v.conf:15: nodeid must be a positive integer, got '0'"),
                arguments("nodeid: 2", "nodeid: 2147483648", "v.conf:15: nodeid must be a positive integer, got '2147483648'"),
                arguments("nodeid: 2", "nodeid: 1", "v.conf:15: duplicate nodeid 1, already used by node 'a' at line 9"),
                arguments("name: b", "name: a", "v.conf:14: duplicate node name 'a', already used at line 8"),
                arguments("name: b", "name:", "v.conf:14: name must not be empty"),
                arguments("    name: b\n", "", "v.conf:13: node section has no name"),
                arguments("    nodeid: 2\n", "", "v.conf:13: node section has no nodeid"),
                arguments("    ring0_addr: 127.0.0.1:5412\n", "", "v.conf:13: node section has no ring0_addr"),
                arguments("quorum_votes: 1", "quorum_votes: -1", "v.conf:10: quorum_votes must be an integer >= 0, got '-1'"),
                arguments("127.0.0.1:5412", "127.0.0.1:5411",
                        "v.conf:16: duplicate address 127.0.0.1:5411, already used by node 'a' at line 11"),
                arguments("127.0.0.1:5412", "127.0.0.1:99999",
                        "v.conf:16: ring0_addr: port must be between 1 and 65535, got '99999' in '127.0.0.1:99999'"),
                arguments("127.0.0.1:5412", "300.0.0.1", "v.conf:16: ring0_addr: invalid IPv4 address '300.0.0.1'"),
                arguments("127.0.0.1:5412", "bad_host", "v.conf:16: ring0_addr: invalid host name 'bad_host'"),
                arguments("127.0.0.1:5412", "[::1", "v.conf:16: ring0_addr: missing ']' in '[::1'"),
                arguments("127.0.0.1:5412", "fe80::1::2", "v.conf:16: ring0_addr: invalid IPv6 address 'fe80::1::2'"),
                arguments("127.0.0.1:5412", "[::1]5412", "v.conf:16: ring0_addr: expected ':port' after ']' in '[::1]5412'"),
                arguments("nodelist {", "nodelist {\n}\nnodes {", "v.conf:6: nodelist section has no node section"),
                // quorum
                arguments("provider: corosync_votequorum", "provider: corosync_quorum",
                        "v.conf:20: provider must be corosync_votequorum, got 'corosync_quorum'"),
                arguments("  provider: corosync_votequorum\n", "", "v.conf:19: quorum section has no provider"),
                arguments("two_node: 1", "two_node: yes", "v.conf:21: two_node must be 0 or 1, got 'yes'"),
                arguments("two_node: 1", "wait_for_all: 2", "v.conf:21: wait_for_all must be 0 or 1, got '2'"),
                arguments("two_node: 1", "last_man_standing: true", "v.conf:21: last_man_standing must be 0 or 1, got 'true'"),
                arguments("two_node: 1", "auto_tie_breaker: on", "v.conf:21: auto_tie_breaker must be 0 or 1, got 'on'"),
                arguments("two_node: 1", "expected_votes: 0", "v.conf:21: expected_votes must be a positive integer, got '0'"),
                arguments("two_node: 1", "last_man_standing_window: 0",
                        "v.conf:21: last_man_standing_window must be milliseconds between 1 and " + MAX_MS + ", got '0'"),
                // sections
                arguments("quorum {\n  provider: corosync_votequorum\n  two_node: 1\n}\n", "", "v.conf: missing quorum section"),
                arguments("totem {\n  cluster_name: lab\n  token: 3000\n  secauth: on\n}\n", "", "v.conf: missing totem section"),
                arguments("quorum {", "totem {\n}\nquorum {", "v.conf:19: duplicate totem section (first at line 1)"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("brokenConfigs")
    void rejectsInvalidValuesNamingFileLineAndProblem(String find, String replacement, String message) {
        String broken = VALID.replace(find, replacement);
        assertNotEquals(VALID, broken, "test case does not change the config");

        ConfigException error = assertThrows(ConfigException.class, () -> ClusterConfig.parse(broken, "v.conf"));

        assertEquals(message, error.getMessage());
    }
}
