package io.quorate.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * A validated corosync.conf: the syntax tree (kept whole, so unknown keys and sections survive
 * edits and writes) plus the typed view Quorate's cores use. It is a class rather than a record so
 * the typed view can only ever be derived from the tree, never set independently of it.
 *
 * <p>Interpreted: {@code totem} ({@link TotemSettings}), {@code nodelist} ({@link NodeEntry}) and
 * {@code quorum} ({@link QuorumSettings}); {@code logging}, {@code system} and anything else are
 * preserved but not read.
 */
public final class ClusterConfig {

    /** Source name for configs built in code rather than read from a file. */
    public static final String DEFAULT_SOURCE = "corosync.conf";

    private final String source;
    private final ConfTree tree;
    private final TotemSettings totem;
    private final List<NodeEntry> nodes;
    private final QuorumSettings quorum;

    private ClusterConfig(String source, ConfTree tree, TotemSettings totem, List<NodeEntry> nodes,
                          QuorumSettings quorum) {
        this.source = source;
        this.tree = tree;
        this.totem = totem;
        this.nodes = nodes;
        this.quorum = quorum;
    }

    /** Reads and validates a corosync.conf file; messages name the path. */
    public static ClusterConfig load(Path path) throws ConfigException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(path.toString(), ConfigException.NO_LINE, "cannot read file (" + e.getClass().getSimpleName() + ")", e);
        }
        return parse(text, path.toString());
    }

    /** Parses and validates corosync.conf text; {@code source} names it in error messages. */
    public static ClusterConfig parse(String text, String source) throws ConfigException {
        return from(ConfTree.parse(text, source), source);
    }

    /** Validates a tree and builds the typed view. */
    public static ClusterConfig from(ConfTree tree, String source) throws ConfigException {
        SectionValues root = SectionValues.root(tree, source);
        TotemSettings totem = TotemReader.read(root.requiredChild("totem"));
        List<NodeEntry> nodes = NodelistReader.read(root.requiredChild("nodelist"));
        QuorumSettings quorum = QuorumReader.read(root.requiredChild("quorum"));
        return new ClusterConfig(source, tree, totem, nodes, quorum);
    }

    /**
     * A fresh single-node config, as {@code cm create <name> --node <node> --link0 <addr> [--token ms]}
     * makes it: config_version 1, secauth on, votequorum, the node as nodeid 1, Proxmox's logging block.
     *
     * @param link0 the node's ring0 address, {@code host[:port]} or {@code [ipv6]:port}
     */
    public static ClusterConfig create(String clusterName, String nodeName, String link0, long tokenMs)
            throws ConfigException {
        return create(clusterName, nodeName, link0, OptionalLong.of(tokenMs));
    }

    /** As {@link #create(String, String, String, long)} with corosync's default token timeout. */
    public static ClusterConfig create(String clusterName, String nodeName, String link0) throws ConfigException {
        return create(clusterName, nodeName, link0, OptionalLong.empty());
    }

    private static ClusterConfig create(String clusterName, String nodeName, String link0, OptionalLong tokenMs)
            throws ConfigException {
        NodeAddress address = link0Address(link0, DEFAULT_SOURCE);
        try {
            return from(InitialClusterConfig.tree(clusterName, nodeName, address, tokenMs), DEFAULT_SOURCE);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(DEFAULT_SOURCE, ConfigException.NO_LINE, e.getMessage());
        }
    }

    /**
     * Of two copies of the cluster config, the one with the higher config_version, as Proxmox resolves
     * diverging copies; on a tie {@code a} (typically the local copy) is kept.
     */
    public static ClusterConfig newer(ClusterConfig a, ClusterConfig b) {
        return b.configVersion() > a.configVersion() ? b : a;
    }

    /** Adds a node with the next free nodeid (highest + 1) and one vote, as {@code cm add}; bumps config_version. */
    public ClusterConfig withNode(String name, String link0) throws ConfigException {
        return NodelistEdit.addNode(this, name, link0Address(link0, source), OptionalInt.empty());
    }

    /** Adds a node with a chosen nodeid, as {@code cm add --nodeid}; bumps config_version. */
    public ClusterConfig withNode(String name, String link0, int nodeId) throws ConfigException {
        return NodelistEdit.addNode(this, name, link0Address(link0, source), OptionalInt.of(nodeId));
    }

    /** Removes a node by name, as {@code cm delnode}; refuses unknown names and the last node. */
    public ClusterConfig withoutNode(String name) throws ConfigException {
        return NodelistEdit.removeNode(this, name);
    }

    /**
     * Applies a tree edit, bumps config_version by one (every change must, so peers adopt it) and
     * validates the result.
     */
    public ClusterConfig edit(UnaryOperator<ConfTree> change) throws ConfigException {
        String nextVersion = Long.toString(configVersion() + 1);
        ConfSection changed;
        try {
            changed = change.apply(tree).root()
                    .withSection("totem", totemSection -> totemSection.withValue("config_version", nextVersion));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, ConfigException.NO_LINE, e.getMessage());
        }
        return from(new ConfTree(changed), source);
    }

    private static NodeAddress link0Address(String link0, String source) throws ConfigException {
        try {
            return NodeAddress.parse(link0);
        } catch (IllegalArgumentException bad) {
            throw new ConfigException(source, ConfigException.NO_LINE, "link0: " + bad.getMessage(), bad);
        }
    }

    /** corosync.conf text; parsing it again gives an equal tree. */
    public String toText() {
        return tree.toText();
    }

    public String source() {
        return source;
    }

    public ConfTree tree() {
        return tree;
    }

    public TotemSettings totem() {
        return totem;
    }

    public String clusterName() {
        return totem.clusterName();
    }

    public long configVersion() {
        return totem.configVersion();
    }

    /** Token timeout in milliseconds. */
    public long token() {
        return totem.tokenMs();
    }

    /** Consensus timeout in milliseconds. */
    public long consensus() {
        return totem.consensusMs();
    }

    public boolean secauth() {
        return totem.secauth();
    }

    public String transport() {
        return totem.transport();
    }

    /** Nodes in nodelist order. */
    public List<NodeEntry> nodes() {
        return nodes;
    }

    public Optional<NodeEntry> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public Optional<NodeEntry> node(int nodeId) {
        return nodes.stream().filter(n -> n.nodeId() == nodeId).findFirst();
    }

    public QuorumSettings quorum() {
        return quorum;
    }

    /** Equal when the trees are: the typed view follows from the tree. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ClusterConfig config && tree.equals(config.tree);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tree);
    }

    @Override
    public String toString() {
        return "ClusterConfig[" + source + ", cluster " + clusterName() + ", version " + configVersion()
                + ", " + nodes.size() + " nodes]";
    }
}
