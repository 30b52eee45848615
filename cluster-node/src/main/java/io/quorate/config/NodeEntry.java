package io.quorate.config;

/**
 * One {@code node { }} of the nodelist.
 *
 * @param name   {@code name}: required, unique in the cluster
 * @param nodeId {@code nodeid}: required, positive 32-bit, unique
 * @param votes  {@code quorum_votes}: >= 0, default 1
 * @param host   host part of {@code ring0_addr} (IPv6 without brackets)
 * @param port   port of {@code ring0_addr}, default {@value NodeAddress#DEFAULT_PORT}
 */
public record NodeEntry(String name, int nodeId, int votes, String host, int port) {

    public static final int DEFAULT_VOTES = 1;

    public NodeAddress address() {
        return new NodeAddress(host, port);
    }
}
