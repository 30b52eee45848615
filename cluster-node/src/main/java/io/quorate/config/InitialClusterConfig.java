package io.quorate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The tree {@code cm create} writes, laid out as {@code pvecm create} does. */
final class InitialClusterConfig {

    private static final int FIRST_NODE_ID = 1;

    private InitialClusterConfig() {
    }

    static ConfTree tree(String clusterName, String nodeName, NodeAddress link0, OptionalLong tokenMs) {
        return ConfTree.of(List.of(
                logging(),
                new ConfSection("nodelist",
                        List.of(NodelistEdit.nodeSection(nodeName, FIRST_NODE_ID, NodeEntry.DEFAULT_VOTES, link0))),
                new ConfSection("quorum", List.of(new ConfPair("provider", QuorumSettings.PROVIDER))),
                totem(clusterName, tokenMs)));
    }

    private static ConfSection logging() {
        return new ConfSection("logging", List.of(new ConfPair("debug", "off"), new ConfPair("to_syslog", "yes")));
    }

    private static ConfSection totem(String clusterName, OptionalLong tokenMs) {
        List<ConfEntry> entries = new ArrayList<>(List.of(
                new ConfPair("cluster_name", clusterName),
                new ConfPair("config_version", "1"),
                new ConfSection("interface", List.of(new ConfPair("linknumber", "0"))),
                new ConfPair("ip_version", "ipv4-6"),
                new ConfPair("link_mode", "passive"),
                new ConfPair("secauth", "on")));
        tokenMs.ifPresent(ms -> entries.add(new ConfPair("token", Long.toString(ms))));
        entries.add(new ConfPair("version", "2"));
        return new ConfSection("totem", entries);
    }
}
