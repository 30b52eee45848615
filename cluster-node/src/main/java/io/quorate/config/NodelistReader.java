package io.quorate.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the nodelist's {@code node} sections into {@link NodeEntry}s, checking that names, node ids
 * and addresses are each unique: two nodes sharing one would make membership ambiguous.
 */
final class NodelistReader {

    /** Where a unique value was first seen, so a duplicate can point back at it. */
    private record FirstUse(String node, int line) {
    }

    private final Map<String, FirstUse> names = new HashMap<>();
    private final Map<Long, FirstUse> ids = new HashMap<>();
    private final Map<NodeAddress, FirstUse> addresses = new HashMap<>();

    private NodelistReader() {
    }

    static List<NodeEntry> read(SectionValues nodelist) throws ConfigException {
        return new NodelistReader().readAll(nodelist);
    }

    private List<NodeEntry> readAll(SectionValues nodelist) throws ConfigException {
        List<SectionValues> nodeSections = nodelist.children("node");
        if (nodeSections.isEmpty()) {
            nodelist.requiredChild("node"); // reports the missing node section
        }
        List<NodeEntry> nodes = new ArrayList<>();
        for (SectionValues node : nodeSections) {
            nodes.add(readNode(node));
        }
        return List.copyOf(nodes);
    }

    private NodeEntry readNode(SectionValues node) throws ConfigException {
        ConfPair name = node.requiredPair("name");
        ConfPair nodeId = node.requiredPair("nodeid");
        long id = node.number(nodeId, 1, Integer.MAX_VALUE, "a positive integer");
        long votes = node.number("quorum_votes", NodeEntry.DEFAULT_VOTES, 0, Integer.MAX_VALUE, "an integer >= 0");
        ConfPair ring0 = node.requiredPair("ring0_addr");
        NodeAddress address = parseAddress(node, ring0);

        String owner = name.value();
        claim(names, owner, name, node, owner, first -> "duplicate node name '" + owner + "', already used" + at(first));
        claim(ids, id, nodeId, node, owner,
                first -> "duplicate nodeid " + id + ", already used by node '" + first.node() + "'" + at(first));
        claim(addresses, address, ring0, node, owner,
                first -> "duplicate address " + address + ", already used by node '" + first.node() + "'" + at(first));
        return new NodeEntry(name.value(), (int) id, (int) votes, address.host(), address.port());
    }

    private static NodeAddress parseAddress(SectionValues node, ConfPair ring0) throws ConfigException {
        try {
            return NodeAddress.parse(ring0.value());
        } catch (IllegalArgumentException bad) {
            throw node.invalid(ring0, ring0.key() + ": " + bad.getMessage());
        }
    }

    private static <K> void claim(Map<K, FirstUse> seen, K value, ConfPair pair, SectionValues node, String owner,
                                  Function<FirstUse, String> duplicateProblem) throws ConfigException {
        FirstUse first = seen.putIfAbsent(value, new FirstUse(owner, pair.line()));
        if (first != null) {
            throw node.invalid(pair, duplicateProblem.apply(first));
        }
    }

    /** Parsed entries know their line; entries added by an edit do not. */
    private static String at(FirstUse first) {
        return first.line() > ConfEntry.NO_LINE ? " at line " + first.line() : "";
    }
}
