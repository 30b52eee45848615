package io.quorate.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Test fixtures: the corosync.conf files under src/test/resources/config and a minimal valid config. */
final class TestConfigs {

    /** corosync 3.1.7's own three-node config, as captured on a real cluster. */
    static final String COROSYNC_3NODE = "corosync-3.1.7-3node.conf";
    /** A three-node config laid out as Proxmox VE's pvecm writes it (pve3 carries two votes). */
    static final String PVE_3NODE = "pve-3node.conf";

    private TestConfigs() {
    }

    static String resource(String name) {
        try (InputStream in = TestConfigs.class.getResourceAsStream("/config/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /config/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The smallest config that validates, with {@code extraQuorum} lines added to its quorum section. */
    static String minimal(String... extraQuorum) {
        return """
                totem {
                  cluster_name: test
                }
                nodelist {
                  node {
                    name: a
                    nodeid: 1
                    ring0_addr: 127.0.0.1
                  }
                }
                quorum {
                  provider: corosync_votequorum
                %s}
                """.formatted(Arrays.stream(extraQuorum).map(line -> "  " + line + "\n").collect(Collectors.joining()));
    }
}
