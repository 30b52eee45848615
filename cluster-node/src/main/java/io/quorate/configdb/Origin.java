package io.quorate.configdb;

/**
 * Who asked for a command: the node, that node's session (a random number per start, so request
 * ids of different starts never collide) and the request id. The origin node learns its outcome
 * by applying the entry itself.
 */
public record Origin(int nodeId, long session, long requestId) {
    /** Entries the log makes itself (a new leader's no-op, the bootstrap config). */
    public static final Origin SYSTEM = new Origin(0, 0, 0);
}
