package io.quorate.ha.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the CRM master keeps in {@code ha/manager_status}: the master, every node's state and every
 * service's state, node and target. Mutable: the master changes it in its iteration and writes it
 * back; the LRMs read it.
 */
public final class ManagerStatus {
    /** One node's HA state and when the master last saw it online (-1: never). */
    public static final class NodeEntry {
        public NodeState state;
        public long lastOnline;
        /** Marks a fence acknowledged after {@link #lastOnline}: the node is known dead until it returns. */
        public long fencedAt = Long.MIN_VALUE;

        public NodeEntry(NodeState state, long lastOnline) {
            this.state = state;
            this.lastOnline = lastOnline;
        }

        NodeEntry copy() {
            NodeEntry copy = new NodeEntry(state, lastOnline);
            copy.fencedAt = fencedAt;
            return copy;
        }
    }

    /** One service's CRM state; {@code uid} names the command the LRM answers to. */
    public static final class ServiceEntry {
        public ServiceState state;
        public String node;
        public String target;
        public String uid;
        /** The node it left because that node went into maintenance; it moves back when the node returns. */
        public String maintenanceNode;
        public final List<String> failedNodes = new ArrayList<>();

        public ServiceEntry(ServiceState state, String node, String uid) {
            this.state = state;
            this.node = node;
            this.uid = uid;
        }

        ServiceEntry copy() {
            ServiceEntry copy = new ServiceEntry(state, node, uid);
            copy.target = target;
            copy.maintenanceNode = maintenanceNode;
            copy.failedNodes.addAll(failedNodes);
            return copy;
        }
    }

    public String masterNode;
    public final Map<String, NodeEntry> nodes = new TreeMap<>();
    public final Map<String, ServiceEntry> services = new TreeMap<>();
    /** Nodes an admin asked into maintenance ({@code crm-command node-maintenance enable}); their LRMs follow. */
    public final java.util.Set<String> maintenanceRequested = new java.util.TreeSet<>();

    public ManagerStatus copy() {
        ManagerStatus copy = new ManagerStatus();
        copy.masterNode = masterNode;
        nodes.forEach((k, v) -> copy.nodes.put(k, v.copy()));
        services.forEach((k, v) -> copy.services.put(k, v.copy()));
        copy.maintenanceRequested.addAll(maintenanceRequested);
        return copy;
    }

    public NodeState nodeState(String node) {
        NodeEntry entry = nodes.get(node);
        return entry == null ? NodeState.UNKNOWN : entry.state;
    }
}
