package io.quorate.config;

import java.util.List;
import java.util.OptionalInt;

/**
 * Node additions and removals ({@code cm add}, {@code cm delnode}). Each goes through
 * {@link ClusterConfig#edit}, so it bumps config_version, keeps every other entry and is validated
 * like a parsed file (duplicate names, ids and addresses are caught there).
 */
final class NodelistEdit {

    private NodelistEdit() {
    }

    static ClusterConfig addNode(ClusterConfig config, String name, NodeAddress address, OptionalInt nodeId)
            throws ConfigException {
        int id = nodeId.orElseGet(() -> nextNodeId(config));
        return config.edit(tree -> new ConfTree(
                tree.root().withSection("nodelist",
                        nodelist -> nodelist.withEntry(nodeSection(name, id, NodeEntry.DEFAULT_VOTES, address)))));
    }

    static ClusterConfig removeNode(ClusterConfig config, String name) throws ConfigException {
        if (config.node(name).isEmpty()) {
            throw new ConfigException(config.source(), ConfigException.NO_LINE, "no node named '" + name + "'");
        }
        if (config.nodes().size() == 1) {
            throw new ConfigException(config.source(), ConfigException.NO_LINE,
                    "cannot remove node '" + name + "': it is the last node");
        }
        return config.edit(tree -> new ConfTree(
                tree.root().withSection("nodelist", nodelist -> nodelist.without(entry -> isNodeNamed(entry, name)))));
    }

    /** A node block in Proxmox's key order. */
    static ConfSection nodeSection(String name, int nodeId, int votes, NodeAddress address) {
        return new ConfSection("node", List.of(
                new ConfPair("name", name),
                new ConfPair("nodeid", Integer.toString(nodeId)),
                new ConfPair("quorum_votes", Integer.toString(votes)),
                new ConfPair("ring0_addr", address.toConfValue())));
    }

    private static int nextNodeId(ClusterConfig config) {
        return config.nodes().stream().mapToInt(NodeEntry::nodeId).max().orElse(0) + 1;
    }

    private static boolean isNodeNamed(ConfEntry entry, String name) {
        return entry instanceof ConfSection section && section.name().equals("node")
                && section.pairs("name").stream().anyMatch(pair -> pair.value().equals(name));
    }
}
