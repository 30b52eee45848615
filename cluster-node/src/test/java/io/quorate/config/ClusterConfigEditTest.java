package io.quorate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterConfigEditTest {

    private static final String WITH_EXTRAS = """
            logging {
              debug: off
            }
            totem {
              cluster_name: lab
              config_version: 7
              crypto_hash: sha256
              interface {
                linknumber: 0
              }
            }
            nodelist {
              node {
                name: a
                nodeid: 1
                ring0_addr: 127.0.0.1:5411
                custom: kept
              }
              node {
                name: c
                nodeid: 5
                ring0_addr: 127.0.0.1:5415
              }
            }
            quorum {
              provider: corosync_votequorum
              two_node: 1
            }
            zzz {
              unknown: 1
            }
            """;

    private static ClusterConfig extras() throws ConfigException {
        return ClusterConfig.parse(WITH_EXTRAS, "e.conf");
    }

    @Test
    void createMakesAProxmoxStyleSingleNodeConfig() throws ConfigException {
        ClusterConfig config = ClusterConfig.create("lab", "n1", "127.0.0.1:5411", 500);

        assertEquals("""
                logging {
                  debug: off
                  to_syslog: yes
                }
                nodelist {
                  node {
                    name: n1
                    nodeid: 1
                    quorum_votes: 1
                    ring0_addr: 127.0.0.1:5411
                  }
                }
                quorum {
                  provider: corosync_votequorum
                }
                totem {
                  cluster_name: lab
                  config_version: 1
                  interface {
                    linknumber: 0
                  }
                  ip_version: ipv4-6
                  link_mode: passive
                  secauth: on
                  token: 500
                  version: 2
                }
                """, config.toText());
        assertEquals(List.of(new NodeEntry("n1", 1, 1, "127.0.0.1", 5411)), config.nodes());
        assertEquals(600, config.consensus());
    }

    @Test
    void createWithoutTokenUsesCorosyncsDefault() throws ConfigException {
        ClusterConfig config = ClusterConfig.create("lab", "n1", "[::1]:5412");

        assertEquals(3000, config.token());
        assertEquals(new NodeEntry("n1", 1, 1, "::1", 5412), config.nodes().get(0));
        assertEquals(1, config.configVersion());
    }

    @Test
    void createRejectsBadInput() {
        assertEquals("corosync.conf: link0: port must be between 1 and 65535, got '0' in '10.0.0.1:0'",
                assertThrows(ConfigException.class, () -> ClusterConfig.create("lab", "n1", "10.0.0.1:0")).getMessage());
        assertEquals("cluster_name must not be empty",
                assertThrows(ConfigException.class, () -> ClusterConfig.create("", "n1", "10.0.0.1")).problem());
    }

    @Test
    void addingANodeTakesTheNextIdBumpsTheVersionAndKeepsEverythingElse() throws ConfigException {
        ClusterConfig added = extras().withNode("d", "127.0.0.1:5416");

        assertEquals(8, added.configVersion());
        assertEquals(new NodeEntry("d", 6, 1, "127.0.0.1", 5416), added.node("d").orElseThrow());
        assertEquals(WITH_EXTRAS
                .replace("config_version: 7", "config_version: 8")
                .replace("    ring0_addr: 127.0.0.1:5415\n  }\n", """
                            ring0_addr: 127.0.0.1:5415
                          }
                          node {
                            name: d
                            nodeid: 6
                            quorum_votes: 1
                            ring0_addr: 127.0.0.1:5416
                          }
                        """), added.toText());
    }

    @Test
    void addingANodeWithAChosenIdUsesIt() throws ConfigException {
        assertEquals(3, extras().withNode("b", "127.0.0.1:5412", 3).node("b").orElseThrow().nodeId());
    }

    @Test
    void addingAClashingNodeIsRefused() throws ConfigException {
        ClusterConfig config = extras();

        assertEquals("e.conf: duplicate node name 'a', already used at line 14",
                assertThrows(ConfigException.class, () -> config.withNode("a", "127.0.0.1:5499")).getMessage());
        assertEquals("duplicate nodeid 5, already used by node 'c' at line 21",
                assertThrows(ConfigException.class, () -> config.withNode("b", "127.0.0.1:5499", 5)).problem());
        assertEquals("duplicate address 127.0.0.1:5411, already used by node 'a' at line 16",
                assertThrows(ConfigException.class, () -> config.withNode("b", "127.0.0.1:5411")).problem());
        assertEquals("link0: invalid host name 'no_such'",
                assertThrows(ConfigException.class, () -> config.withNode("b", "no_such")).problem());
    }

    @Test
    void removingANodeBumpsTheVersionAndKeepsEverythingElse() throws ConfigException {
        ClusterConfig removed = extras().withoutNode("a");

        assertEquals(8, removed.configVersion());
        assertEquals(List.of("c"), removed.nodes().stream().map(NodeEntry::name).toList());
        assertEquals(WITH_EXTRAS
                .replace("config_version: 7", "config_version: 8")
                .replace("  node {\n    name: a\n    nodeid: 1\n    ring0_addr: 127.0.0.1:5411\n    custom: kept\n  }\n", ""), removed.toText());
    }

    @Test
    void removingAnUnknownOrTheLastNodeIsRefused() throws ConfigException {
        assertEquals("e.conf: no node named 'x'",
                assertThrows(ConfigException.class, () -> extras().withoutNode("x")).getMessage());
        ClusterConfig lastOne = extras().withoutNode("a");
        assertEquals("cannot remove node 'c': it is the last node",
                assertThrows(ConfigException.class, () -> lastOne.withoutNode("c")).problem());
    }

    @Test
    void editsChainAndEachBumpsTheVersion() throws ConfigException {
        ClusterConfig config = ClusterConfig.create("lab", "n1", "127.0.0.1:5411")
                .withNode("n2", "127.0.0.1:5412")
                .withNode("n3", "127.0.0.1:5413")
                .withoutNode("n2");

        assertEquals(4, config.configVersion());
        assertEquals(List.of(1, 3), config.nodes().stream().map(NodeEntry::nodeId).toList());
        assertEquals(config, ClusterConfig.parse(config.toText(), "again"));
    }

    @Test
    void valuesThatWouldInjectLinesOrSectionsAreRefused() throws Exception {
        ConfigException injected = assertThrows(ConfigException.class,
                () -> ClusterConfig.create("c", "n1\nevil: x", "127.0.0.1:5405"));
        assertEquals("name: value must be one line", injected.problem());
        ClusterConfig config = ClusterConfig.create("c", "n1", "127.0.0.1:5405");
        ConfigException brace = assertThrows(ConfigException.class, () -> config.withNode("n2{", "127.0.0.1:5406"));
        assertEquals("name: value must not have surrounding spaces or end with '{', got 'n2{'", brace.problem());
    }
}
