package io.quorate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfWriterTest {

    @Test
    void writesCorosyncsOwnFileByteForByte() throws ConfigException {
        String reference = TestConfigs.resource(TestConfigs.COROSYNC_3NODE);

        assertEquals(reference, ConfTree.parse(reference, "ref").toText());
    }

    @Test
    void writesTwoSpacesPerLevelAndEmptyValuesWithoutTrailingSpace() {
        ConfTree tree = ConfTree.of(List.of(new ConfSection("a", List.of(
                new ConfSection("b", List.of(new ConfPair("k", "v"), new ConfPair("empty", "")))))));

        assertEquals("a {\n  b {\n    k: v\n    empty:\n  }\n}\n", tree.toText());
    }

    @Test
    void roundTripKeepsUnknownKeysSectionsAndOrder() throws ConfigException {
        String text = """
                # operator notes are comments and are not kept
                zeta {
                  custom_key: custom value: with colon
                }
                totem {
                  cluster_name: lab
                  crypto_cipher: aes256
                  interface {
                    linknumber: 0
                    knet_link_priority: 10
                  }
                  token: 5000
                }
                nodelist {
                  node {
                    name: a
                    nodeid: 1
                    ring0_addr: 10.0.0.1
                    ring1_addr: 10.1.0.1
                  }
                }
                quorum {
                  provider: corosync_votequorum
                  device {
                    model: net
                  }
                }
                resources {
                }
                """;
        ConfTree parsed = ConfTree.parse(text, "in.conf");
        String written = parsed.toText();
        ConfTree reparsed = ConfTree.parse(written, "out.conf");

        assertEquals(parsed, reparsed);
        assertEquals(text.substring(text.indexOf('\n') + 1), written);
    }

    @Test
    void roundTripOfAValidatedConfigIsIdentity() throws ConfigException {
        ClusterConfig config = ClusterConfig.parse(TestConfigs.resource(TestConfigs.PVE_3NODE), "pve.conf");

        assertEquals(config, ClusterConfig.parse(config.toText(), "again.conf"));
    }
}
