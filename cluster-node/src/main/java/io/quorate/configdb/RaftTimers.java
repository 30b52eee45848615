package io.quorate.configdb;

/**
 * Timing and sizing of the config log.
 *
 * @param heartbeatMs         leader heartbeat interval: token / 5, at least 20 ms, so a follower hears
 *                            several per election timeout
 * @param electionMinMs       a follower that has not heard a leader for a random time in
 *                            [min, max) starts a (pre-)election: one token, as long as Corosync takes
 *                            to suspect a node
 * @param electionMaxMs       twice the token
 * @param snapshotEntries     compact the log after this many entries ...
 * @param snapshotBytes       ... or this many bytes of commands
 * @param snapshotChunkBytes  snapshots travel in chunks of this size
 */
public record RaftTimers(long heartbeatMs, long electionMinMs, long electionMaxMs, long snapshotEntries,
                         long snapshotBytes, int snapshotChunkBytes) {

    public static RaftTimers forToken(long tokenMs) {
        return new RaftTimers(Math.max(20, tokenMs / 5), tokenMs, 2 * tokenMs, 20_000, 64L << 20, 1 << 20);
    }

    public RaftTimers withSnapshotEvery(long entries, int chunkBytes) {
        return new RaftTimers(heartbeatMs, electionMinMs, electionMaxMs, entries, snapshotBytes, chunkBytes);
    }
}
