package io.quorate.configdb;

import io.quorate.core.Effect;
import io.quorate.core.Outbox;
import io.quorate.protocol.Blob;
import io.quorate.protocol.ClusterMessage.AppendEntries;
import io.quorate.protocol.ClusterMessage.AppendReply;
import io.quorate.protocol.ClusterMessage.Replication;
import io.quorate.protocol.ClusterMessage.SnapshotAck;
import io.quorate.protocol.ClusterMessage.SnapshotChunk;
import io.quorate.protocol.ClusterMessage.VoteReply;
import io.quorate.protocol.ClusterMessage.VoteRequest;
import io.quorate.protocol.LogEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The replicated log (Raft, with pre-vote, check-quorum and leader stickiness), deterministic: no
 * I/O, no clock, no threads. A write commits only when a majority of the configured voters has it
 * on disk, whatever membership or votequorum believe.
 *
 * <p>Durability contract with the driver: the effects of a step ({@link Effect.AppendLog},
 * {@link Effect.PersistTermAndVote}, {@link Effect.SaveSnapshot}) are on disk before any message or
 * reply of that step leaves; after appended entries are on disk the driver calls
 * {@link #logDurable}. The leader counts its own copy only from then on.
 *
 * <p>The nodelist in force is the one of the latest corosync.conf entry in the log, committed or
 * not (Raft's single-server membership change); the config tree allows one change at a time.
 */
final class RaftCore {
    enum Role { FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER }

    private static final int MAX_BATCH_ENTRIES = 512;
    private static final long MAX_BATCH_BYTES = 1 << 20;
    private static final int MAX_INFLIGHT_ENTRIES = 4096;
    /** A tree holds at most 128 MiB of content; its snapshot adds paths and headers, never this much. */
    private static final long MAX_SNAPSHOT_BYTES = 2 * ConfigTree.MAX_TOTAL_BYTES;

    /** The leader's view of one follower. */
    private static final class Progress {
        long next;
        long match;
        long lastAckAt;
        long lastProgressAt;
        long ackedRound;
        /** Offset acknowledged of the snapshot being sent, or -1 when none is being sent. */
        long snapshotOffset = -1;
        long snapshotSentAt;
        long snapshotIndex;
    }

    /** A linearizable read waiting for a heartbeat round to confirm leadership. */
    private record PendingRead(long token, long readIndex, long round, long since) {
    }

    /** A snapshot arriving in chunks. */
    private static final class IncomingSnapshot {
        final long lastIndex;
        final long lastTerm;
        final byte[] data;
        int received;

        IncomingSnapshot(long lastIndex, long lastTerm, long total) {
            this.lastIndex = lastIndex;
            this.lastTerm = lastTerm;
            this.data = new byte[(int) total];
        }
    }

    private final int self;
    private final RaftTimers timers;
    private final RandomGenerator random;
    private final RaftHost host;
    private final RaftLog log;
    /** Nodelist by the index of the entry that set it; the first key is the snapshot point. */
    private final TreeMap<Long, LogMembership> memberships = new TreeMap<>();
    private final Map<Integer, Progress> progress = new HashMap<>();
    private final Set<Integer> votes = new HashSet<>();
    private final List<PendingRead> pendingReads = new ArrayList<>();
    /** Read tokens waiting for the leader's first commit in its term, with when they arrived. */
    private final Map<Long, Long> readsAwaitingCommit = new java.util.LinkedHashMap<>();

    private Role role = Role.FOLLOWER;
    private long term;
    private int votedFor;
    private int leaderId;
    private long commitIndex;
    private long appliedIndex;
    private long durableIndex;
    private long electionDeadline;
    private long heartbeatDeadline = Long.MAX_VALUE;
    private long lastLeaderContact = Long.MIN_VALUE / 2;
    private long leaderCommitSeen;
    private long readRound;
    /** The first index of the leader's own term: reads wait until it commits (Raft §6.4). */
    private long termStartIndex;
    private long snapshotTerm;
    private byte[] snapshot;
    private IncomingSnapshot incoming;

    /**
     * @param snapshotState bytes of the snapshot the log starts after (null: the log starts at 0),
     *                      already restored into the host's state
     */
    RaftCore(int self, RaftTimers timers, long term, int votedFor, long snapshotIndex, long snapshotTerm,
             byte[] snapshotState, List<LogEntry> entries, RandomGenerator random, RaftHost host) {
        this.self = self;
        this.timers = timers;
        this.random = random;
        this.host = host;
        this.term = term;
        this.votedFor = votedFor;
        this.log = new RaftLog(snapshotIndex, snapshotTerm, entries);
        this.snapshot = snapshotState;
        this.snapshotTerm = snapshotTerm;
        this.commitIndex = snapshotIndex;
        this.appliedIndex = snapshotIndex;
        this.durableIndex = log.lastIndex();
        memberships.put(snapshotIndex, host.membershipOfState());
        for (long i = snapshotIndex + 1; i <= log.lastIndex(); i++) {
            noteMembership(log.entry(i));
        }
    }

    void start(long now, Outbox out) {
        resetElectionTimer(now);
        // alone in the nodelist: nothing to wait for (a one-node cluster commits by itself)
        if (membership().voters().equals(Set.of(self))) {
            electionDeadline = now;
        }
    }

    // ---- queries

    Role role() {
        return role;
    }

    boolean isLeader() {
        return role == Role.LEADER;
    }

    long term() {
        return term;
    }

    int leaderId() {
        return leaderId;
    }

    long commitIndex() {
        return commitIndex;
    }

    long appliedIndex() {
        return appliedIndex;
    }

    long lastIndex() {
        return log.lastIndex();
    }

    long leaderCommitSeen() {
        return role == Role.LEADER ? commitIndex : leaderCommitSeen;
    }

    long lastLeaderContact() {
        return lastLeaderContact;
    }

    LogMembership membership() {
        return memberships.lastEntry().getValue();
    }

    /** The index of the entry that set the nodelist in force (the snapshot point if none since). */
    long membershipIndex() {
        return memberships.lastKey();
    }

    /**
     * True while a nodelist change must wait: an appended change has not committed yet, or this
     * leader has not committed an entry of its own term (without that, a change could be decided
     * against a configuration a newer leader never saw: the known flaw of single-server changes).
     */
    boolean membershipChangePending() {
        return memberships.lastKey() > commitIndex || (role == Role.LEADER && commitIndex < termStartIndex);
    }

    LogEntry entry(long index) {
        return log.termAt(index) < 0 || index <= log.snapshotIndex() ? null : log.entry(index);
    }

    long nextDeadline() {
        long next = role == Role.LEADER ? heartbeatDeadline : electionDeadline;
        if (!pendingReads.isEmpty()) {
            next = Math.min(next, pendingReads.get(0).since() + timers.electionMinMs());
        }
        if (!readsAwaitingCommit.isEmpty()) {
            next = Math.min(next, readsAwaitingCommit.values().iterator().next() + timers.electionMinMs());
        }
        return next;
    }

    // ---- driver inputs

    void tick(long now, Outbox out) {
        expireReads(now, out);
        if (role == Role.LEADER) {
            if (now >= heartbeatDeadline) {
                if (!hasQuorumContact(now)) {
                    // check-quorum: a leader cut off from the majority steps down, so clients of the
                    // minority get a prompt "no leader" instead of waiting on writes that cannot commit
                    becomeFollower(term, 0, now, out);
                    return;
                }
                heartbeatDeadline = now + timers.heartbeatMs();
                for (int peer : peers()) {
                    heartbeatOrResend(peer, now, out);
                }
            }
        } else if (now >= electionDeadline) {
            if (membership().voters().contains(self)) {
                startPreVote(now, out);
            } else {
                resetElectionTimer(now);
            }
        }
    }

    void receive(int from, Replication message, long now, Outbox out) {
        if (message instanceof VoteRequest request) {
            onVoteRequest(from, request, now, out);
            return;
        }
        if (message instanceof VoteReply reply && reply.preVote()) {
            onPreVoteReply(from, reply, now, out);
            return;
        }
        if (message.term() > term) {
            boolean fromLeader = message instanceof AppendEntries || message instanceof SnapshotChunk;
            becomeFollower(message.term(), fromLeader ? from : 0, now, out);
        }
        if (message instanceof AppendEntries append) {
            onAppendEntries(from, append, now, out);
        } else if (message instanceof AppendReply reply) {
            onAppendReply(from, reply, now, out);
        } else if (message instanceof VoteReply reply) {
            onVoteReply(from, reply, now, out);
        } else if (message instanceof SnapshotChunk chunk) {
            onSnapshotChunk(from, chunk, now, out);
        } else if (message instanceof SnapshotAck ack) {
            onSnapshotAck(from, ack, now, out);
        }
    }

    /**
     * The driver has put every appended entry up to {@code index} (of {@code indexTerm}) on disk.
     * Ignored when the log has changed there since (a truncation made the report stale).
     */
    void logDurable(long index, long indexTerm, long now, Outbox out) {
        long durable = Math.min(index, log.lastIndex());
        if (log.termAt(index) != indexTerm) {
            return;
        }
        if (durable > durableIndex) {
            durableIndex = durable;
            if (role == Role.LEADER) {
                advanceCommit(now, out);
            }
        }
    }

    /** Leader only: appends a command; returns its index, or -1 when this node does not lead. */
    long propose(Blob command, long now, Outbox out) {
        if (role != Role.LEADER) {
            return -1;
        }
        LogEntry entry = new LogEntry(term, log.lastIndex() + 1, command);
        appendLocal(List.of(entry), out);
        for (int peer : peers()) {
            sendAppend(peer, now, out);
        }
        advanceCommit(now, out); // a leader that is the only voter commits once the entry is durable
        return entry.index();
    }

    /** Leader only: confirm leadership for a linearizable read; answered through {@link RaftHost#onReadIndex}. */
    void readIndex(long token, long now, Outbox out) {
        if (role != Role.LEADER) {
            host.onReadIndex(token, -1, now, out);
            return;
        }
        if (commitIndex < termStartIndex) {
            readsAwaitingCommit.put(token, now);
            return;
        }
        PendingRead read = new PendingRead(token, commitIndex, ++readRound, now);
        pendingReads.add(read);
        for (int peer : peers()) {
            sendHeartbeat(peer, now, out);
        }
        confirmReads(now, out);
    }

    // ---- elections

    private void startPreVote(long now, Outbox out) {
        role = Role.PRE_CANDIDATE;
        setLeader(0, now, out);
        votes.clear();
        votes.add(self);
        resetElectionTimer(now);
        if (hasMajority(votes)) {
            startElection(now, out);
            return;
        }
        for (int voter : membership().voters()) {
            if (voter != self) {
                out.send(voter, new VoteRequest(term + 1, log.lastIndex(), log.lastTerm(), true));
            }
        }
    }

    private void startElection(long now, Outbox out) {
        role = Role.CANDIDATE;
        term++;
        votedFor = self;
        setLeader(0, now, out);
        votes.clear();
        votes.add(self);
        out.request(new Effect.PersistTermAndVote(term, votedFor));
        resetElectionTimer(now);
        if (hasMajority(votes)) {
            becomeLeader(now, out);
            return;
        }
        for (int voter : membership().voters()) {
            if (voter != self) {
                out.send(voter, new VoteRequest(term, log.lastIndex(), log.lastTerm(), false));
            }
        }
    }

    private void onVoteRequest(int from, VoteRequest request, long now, Outbox out) {
        // leader stickiness: while we hear a leader, nobody else can win our vote, so a node that was
        // cut off and comes back with a higher term cannot depose a working leader
        boolean leaderAlive = leaderId != 0 && now - lastLeaderContact < timers.electionMinMs()
                || role == Role.LEADER;
        boolean upToDate = request.lastLogTerm() > log.lastTerm()
                || (request.lastLogTerm() == log.lastTerm() && request.lastLogIndex() >= log.lastIndex());
        if (request.preVote()) {
            boolean grant = request.term() > term && upToDate && !leaderAlive;
            out.send(from, new VoteReply(grant ? request.term() : term, grant, true));
            return;
        }
        if (request.term() > term) {
            if (leaderAlive) {
                return;
            }
            becomeFollower(request.term(), 0, now, out);
        }
        boolean grant = request.term() == term && (votedFor == 0 || votedFor == from) && upToDate;
        if (grant && votedFor != from) {
            votedFor = from;
            out.request(new Effect.PersistTermAndVote(term, votedFor));
            resetElectionTimer(now);
        }
        out.send(from, new VoteReply(term, grant, false));
    }

    private void onPreVoteReply(int from, VoteReply reply, long now, Outbox out) {
        if (role != Role.PRE_CANDIDATE) {
            return;
        }
        if (reply.granted() && reply.term() == term + 1) {
            if (membership().voters().contains(from)) {
                votes.add(from);
            }
            if (hasMajority(votes)) {
                startElection(now, out);
            }
        } else if (!reply.granted() && reply.term() > term) {
            becomeFollower(reply.term(), 0, now, out);
        }
    }

    private void onVoteReply(int from, VoteReply reply, long now, Outbox out) {
        if (role != Role.CANDIDATE || reply.term() != term || !reply.granted()) {
            return;
        }
        if (membership().voters().contains(from)) {
            votes.add(from);
        }
        if (hasMajority(votes)) {
            becomeLeader(now, out);
        }
    }

    private void becomeFollower(long newTerm, int leader, long now, Outbox out) {
        boolean wasLeader = role == Role.LEADER;
        if (newTerm > term) {
            term = newTerm;
            votedFor = 0;
            out.request(new Effect.PersistTermAndVote(term, votedFor));
        }
        role = Role.FOLLOWER;
        heartbeatDeadline = Long.MAX_VALUE;
        if (wasLeader) {
            failReads(now, out);
        }
        setLeader(leader, now, out);
        resetElectionTimer(now);
    }

    private void becomeLeader(long now, Outbox out) {
        role = Role.LEADER;
        progress.clear();
        for (int peer : peers()) {
            Progress p = progressOf(peer, now);
            p.next = log.lastIndex() + 1;
        }
        termStartIndex = log.lastIndex() + 1;
        // the no-op commits everything earlier terms left behind (Raft §5.4.2); it goes first, before
        // any request that waited for a leader
        appendLocal(List.of(new LogEntry(term, termStartIndex, CommandCodec.encode(new Command.Noop(Origin.SYSTEM)))), out);
        setLeader(self, now, out);
        heartbeatDeadline = now;
        tick(now, out);
        advanceCommit(now, out);
    }

    private void setLeader(int leader, long now, Outbox out) {
        if (leader != leaderId) {
            leaderId = leader;
            host.onLeaderChanged(term, leader, now, out);
        }
    }

    private void resetElectionTimer(long now) {
        electionDeadline = now + timers.electionMinMs()
                + random.nextLong(Math.max(1, timers.electionMaxMs() - timers.electionMinMs()));
    }

    // ---- replication, follower side

    private void onAppendEntries(int from, AppendEntries append, long now, Outbox out) {
        if (append.term() < term) {
            out.send(from, new AppendReply(term, false, log.lastIndex(), append.readRound()));
            return;
        }
        if (role != Role.FOLLOWER) {
            becomeFollower(term, from, now, out);
        }
        setLeader(from, now, out);
        lastLeaderContact = now;
        resetElectionTimer(now);
        leaderCommitSeen = Math.max(leaderCommitSeen, append.leaderCommit());
        long prev = append.prevLogIndex();
        List<LogEntry> entries = append.entries();
        if (prev < log.snapshotIndex()) {
            // the start is covered by our snapshot, which holds only committed entries: skip it
            int skip = (int) Math.min(entries.size(), log.snapshotIndex() - prev);
            entries = entries.subList(skip, entries.size());
            prev = log.snapshotIndex();
            if (!entries.isEmpty() && entries.get(0).index() != prev + 1) {
                out.send(from, new AppendReply(term, false, log.lastIndex(), append.readRound()));
                return;
            }
        } else if (log.termAt(prev) != append.prevLogTerm()) {
            out.send(from, new AppendReply(term, false, conflictHint(prev), append.readRound()));
            return;
        }
        List<LogEntry> fresh = new ArrayList<>();
        for (LogEntry entry : entries) {
            long existing = log.termAt(entry.index());
            if (!fresh.isEmpty() || existing != entry.term()) {
                if (fresh.isEmpty() && existing >= 0) {
                    if (entry.index() <= commitIndex) {
                        throw new IllegalStateException("leader " + from + " overwrites committed entry " + entry.index());
                    }
                    truncateFrom(entry.index());
                }
                fresh.add(entry);
            }
        }
        if (!fresh.isEmpty()) {
            appendLocal(fresh, out);
        }
        long lastNew = prev + entries.size();
        if (append.leaderCommit() > commitIndex) {
            commitIndex = Math.max(commitIndex, Math.min(append.leaderCommit(), lastNew));
            applyCommitted(now, out);
        }
        out.send(from, new AppendReply(term, true, lastNew, append.readRound()));
    }

    /** Where to retry after a mismatch at {@code prev}: before the conflicting term, or our end. */
    private long conflictHint(long prev) {
        if (prev > log.lastIndex()) {
            return log.lastIndex();
        }
        long conflictTerm = log.termAt(prev);
        long index = prev - 1;
        while (index > log.snapshotIndex() && log.termAt(index) == conflictTerm) {
            index--;
        }
        return Math.max(index, commitIndex);
    }

    private void truncateFrom(long index) {
        log.truncateFrom(index);
        durableIndex = Math.min(durableIndex, index - 1);
        memberships.tailMap(index, true).clear();
    }

    private void appendLocal(List<LogEntry> entries, Outbox out) {
        for (LogEntry entry : entries) {
            log.append(entry);
            noteMembership(entry);
        }
        out.request(new Effect.AppendLog(entries));
    }

    private void noteMembership(LogEntry entry) {
        host.membershipIn(entry).ifPresent(m -> memberships.put(entry.index(), m));
    }

    private void onSnapshotChunk(int from, SnapshotChunk chunk, long now, Outbox out) {
        if (chunk.term() < term) {
            out.send(from, new SnapshotAck(term, chunk.lastIndex(), 0));
            return;
        }
        if (role != Role.FOLLOWER) {
            becomeFollower(term, from, now, out);
        }
        setLeader(from, now, out);
        lastLeaderContact = now;
        resetElectionTimer(now);
        if (chunk.lastIndex() <= commitIndex) {
            out.send(from, new SnapshotAck(term, chunk.lastIndex(), chunk.totalBytes()));
            return;
        }
        if (incoming == null || incoming.lastIndex != chunk.lastIndex() || incoming.lastTerm != chunk.lastTerm()) {
            if (chunk.offset() != 0 || chunk.totalBytes() > MAX_SNAPSHOT_BYTES) {
                out.send(from, new SnapshotAck(term, chunk.lastIndex(), 0));
                return;
            }
            incoming = new IncomingSnapshot(chunk.lastIndex(), chunk.lastTerm(), chunk.totalBytes());
        }
        if (chunk.offset() == incoming.received && incoming.received + chunk.data().size() <= incoming.data.length) {
            System.arraycopy(chunk.data().unsafeArray(), 0, incoming.data, incoming.received, chunk.data().size());
            incoming.received += chunk.data().size();
        }
        if (incoming.received == incoming.data.length) {
            boolean installed = installSnapshot(incoming, now, out);
            incoming = null;
            // a snapshot that does not restore is fetched again from the start
            out.send(from, new SnapshotAck(term, chunk.lastIndex(), installed ? chunk.totalBytes() : 0));
        } else {
            out.send(from, new SnapshotAck(term, chunk.lastIndex(), incoming.received));
        }
    }

    private boolean installSnapshot(IncomingSnapshot snap, long now, Outbox out) {
        try {
            host.restoreState(snap.lastIndex, snap.data, now, out);
        } catch (IOException e) {
            return false;
        }
        boolean keepLog = log.termAt(snap.lastIndex) == snap.lastTerm;
        if (keepLog) {
            log.compactThrough(snap.lastIndex, snap.lastTerm);
        } else {
            log.resetTo(snap.lastIndex, snap.lastTerm);
            durableIndex = snap.lastIndex;
        }
        snapshot = snap.data;
        snapshotTerm = snap.lastTerm;
        commitIndex = Math.max(commitIndex, snap.lastIndex);
        appliedIndex = snap.lastIndex;
        TreeMap<Long, LogMembership> later = new TreeMap<>(memberships.tailMap(snap.lastIndex, false));
        memberships.clear();
        memberships.put(snap.lastIndex, host.membershipOfState());
        if (keepLog) {
            memberships.putAll(later);
        }
        out.request(new Effect.SaveSnapshot(snap.lastIndex, snap.lastTerm, snap.data, !keepLog));
        applyCommitted(now, out);
        return true;
    }

    // ---- replication, leader side

    private void onAppendReply(int from, AppendReply reply, long now, Outbox out) {
        if (role != Role.LEADER || reply.term() != term) {
            return;
        }
        Progress p = progressOf(from, now);
        p.lastAckAt = now;
        p.ackedRound = Math.max(p.ackedRound, reply.readRound());
        if (reply.success()) {
            if (reply.matchIndex() > p.match) {
                p.match = Math.min(reply.matchIndex(), log.lastIndex());
                p.lastProgressAt = now;
            }
            p.next = Math.max(p.next, p.match + 1);
            advanceCommit(now, out);
        } else if (p.snapshotOffset < 0) {
            p.next = Math.max(p.match + 1, Math.min(p.next - 1, reply.matchIndex() + 1));
            p.lastProgressAt = now;
        }
        confirmReads(now, out);
        if (p.snapshotOffset < 0 && p.next <= log.lastIndex()) {
            sendAppend(from, now, out);
        }
    }

    private void onSnapshotAck(int from, SnapshotAck ack, long now, Outbox out) {
        if (role != Role.LEADER || ack.term() != term) {
            return;
        }
        Progress p = progressOf(from, now);
        p.lastAckAt = now;
        if (p.snapshotOffset < 0 || ack.lastIndex() != p.snapshotIndex) {
            return;
        }
        if (snapshot != null && ack.nextOffset() >= snapshot.length) {
            p.snapshotOffset = -1;
            p.match = Math.max(p.match, ack.lastIndex());
            p.next = p.match + 1;
            p.lastProgressAt = now;
            advanceCommit(now, out);
            sendAppend(from, now, out);
        } else {
            p.snapshotOffset = ack.nextOffset();
            sendSnapshotChunk(from, p, now, out);
        }
    }

    /** The leader's periodic message to one follower: what it lacks, a snapshot chunk again, or a heartbeat. */
    private void heartbeatOrResend(int peer, long now, Outbox out) {
        Progress p = progressOf(peer, now);
        if (p.snapshotOffset >= 0) {
            if (now - p.snapshotSentAt > 2 * timers.heartbeatMs()) {
                sendSnapshotChunk(peer, p, now, out);
            }
            return;
        }
        if (p.next > p.match + 1 && now - p.lastProgressAt > 2 * timers.heartbeatMs()) {
            p.next = p.match + 1; // what was in flight got lost: send it again
            p.lastProgressAt = now;
        }
        if (!sendAppend(peer, now, out)) {
            sendHeartbeat(peer, now, out);
        }
    }

    /**
     * Sends the follower what it lacks from {@code next} on, keeping at most
     * {@link #MAX_INFLIGHT_ENTRIES} unacknowledged; returns whether it sent anything.
     */
    private boolean sendAppend(int peer, long now, Outbox out) {
        Progress p = progressOf(peer, now);
        if (p.snapshotOffset >= 0) {
            return false;
        }
        if (p.next <= log.snapshotIndex()) {
            p.snapshotOffset = 0;
            p.snapshotIndex = log.snapshotIndex();
            sendSnapshotChunk(peer, p, now, out);
            return true;
        }
        if (p.next > log.lastIndex() || p.next - p.match > MAX_INFLIGHT_ENTRIES) {
            return false;
        }
        List<LogEntry> entries = log.slice(p.next, MAX_BATCH_ENTRIES, MAX_BATCH_BYTES);
        long prev = p.next - 1;
        out.send(peer, new AppendEntries(term, prev, log.termAt(prev), commitIndex, readRound, entries));
        p.next = entries.get(entries.size() - 1).index() + 1;
        return true;
    }

    private void sendHeartbeat(int peer, long now, Outbox out) {
        Progress p = progressOf(peer, now);
        long prev = Math.max(log.snapshotIndex(), Math.min(p.match, log.lastIndex()));
        out.send(peer, new AppendEntries(term, prev, log.termAt(prev), Math.min(commitIndex, p.match), readRound, List.of()));
    }

    private void sendSnapshotChunk(int peer, Progress p, long now, Outbox out) {
        if (snapshot == null || p.snapshotIndex != log.snapshotIndex()) {
            // a newer snapshot was taken meanwhile: start over with it
            p.snapshotIndex = log.snapshotIndex();
            p.snapshotOffset = 0;
        }
        byte[] state = snapshot == null ? new byte[0] : snapshot;
        int offset = (int) Math.min(p.snapshotOffset, state.length);
        int length = Math.min(timers.snapshotChunkBytes(), state.length - offset);
        out.send(peer, new SnapshotChunk(term, p.snapshotIndex, log.snapshotTerm(), offset, state.length,
                Blob.wrap(Arrays.copyOfRange(state, offset, offset + length))));
        p.snapshotSentAt = now;
    }

    /**
     * On the leader: how many configured voters have {@code index} on disk (this node's durable log
     * included), as the commit rule counts them; 0 on any other node, which does not know.
     */
    int storedBy(long index) {
        if (role != Role.LEADER) {
            return 0;
        }
        int count = 0;
        for (int voter : membership().voters()) {
            long match = voter == self ? durableIndex : progress.containsKey(voter) ? progress.get(voter).match : 0;
            if (match >= index) {
                count++;
            }
        }
        return count;
    }

    /** The configured voters now, for {@link #storedBy}'s majority; 0 on a node that is not leader. */
    int voterCount() {
        return role == Role.LEADER ? membership().voters().size() : 0;
    }

    /** Commits the highest index a majority of voters has on disk, if it is of the current term. */
    private void advanceCommit(long now, Outbox out) {
        if (role != Role.LEADER) {
            return;
        }
        LogMembership members = membership();
        long[] matches = members.voters().stream()
                .mapToLong(voter -> voter == self ? durableIndex : progressOf(voter, now).match)
                .sorted().toArray();
        long majorityMatch = matches[matches.length - members.majority()];
        if (majorityMatch > commitIndex && log.termAt(majorityMatch) == term) {
            commitIndex = majorityMatch;
            applyCommitted(now, out);
            // tell followers at once, so a write forwarded by one of them is answered without
            // waiting for the next heartbeat
            for (int peer : peers()) {
                Progress p = progressOf(peer, now);
                if (p.snapshotOffset < 0 && p.match >= log.snapshotIndex()) {
                    sendHeartbeat(peer, now, out);
                }
            }
            if (!membership().voters().contains(self) && membershipIndex() <= commitIndex) {
                // removed from the voters and that is committed: hand over (Raft §6), a majority elects anew
                becomeFollower(term, 0, now, out);
                return;
            }
            if (!readsAwaitingCommit.isEmpty() && commitIndex >= termStartIndex) {
                List<Long> waiting = new ArrayList<>(readsAwaitingCommit.keySet());
                readsAwaitingCommit.clear();
                waiting.forEach(token -> readIndex(token, now, out));
            }
        }
    }

    private void applyCommitted(long now, Outbox out) {
        while (appliedIndex < commitIndex && appliedIndex < log.lastIndex()) {
            appliedIndex++;
            host.apply(log.entry(appliedIndex), now, out);
        }
        confirmReads(now, out);
        maybeCompact(out);
    }

    private void maybeCompact(Outbox out) {
        long entriesSince = appliedIndex - log.snapshotIndex();
        if (entriesSince >= timers.snapshotEntries() || (entriesSince > 0 && log.bytes() >= timers.snapshotBytes())) {
            long index = appliedIndex;
            long indexTerm = log.termAt(index);
            snapshot = host.snapshotState();
            snapshotTerm = indexTerm;
            log.compactThrough(index, indexTerm);
            LogMembership current = memberships.floorEntry(index).getValue();
            memberships.headMap(index, true).clear();
            memberships.put(index, current);
            out.request(new Effect.SaveSnapshot(index, indexTerm, snapshot, false));
        }
    }

    private void confirmReads(long now, Outbox out) {
        if (role != Role.LEADER || pendingReads.isEmpty()) {
            return;
        }
        Iterator<PendingRead> it = pendingReads.iterator();
        while (it.hasNext()) {
            PendingRead read = it.next();
            Set<Integer> confirmed = new HashSet<>();
            confirmed.add(self);
            for (int voter : membership().voters()) {
                if (voter != self && progressOf(voter, now).ackedRound >= read.round()) {
                    confirmed.add(voter);
                }
            }
            if (!hasMajority(confirmed)) {
                return; // later reads have later rounds: none of them is confirmed either
            }
            it.remove();
            host.onReadIndex(read.token(), read.readIndex(), now, out);
        }
    }

    private void expireReads(long now, Outbox out) {
        Iterator<Map.Entry<Long, Long>> waiting = readsAwaitingCommit.entrySet().iterator();
        while (waiting.hasNext()) {
            Map.Entry<Long, Long> read = waiting.next();
            if (now - read.getValue() >= timers.electionMinMs()) {
                waiting.remove();
                host.onReadIndex(read.getKey(), -1, now, out);
            }
        }
        Iterator<PendingRead> it = pendingReads.iterator();
        while (it.hasNext()) {
            PendingRead read = it.next();
            if (now - read.since() >= timers.electionMinMs()) {
                it.remove();
                host.onReadIndex(read.token(), -1, now, out);
            }
        }
    }

    private void failReads(long now, Outbox out) {
        List<Long> tokens = new ArrayList<>(readsAwaitingCommit.keySet());
        pendingReads.forEach(read -> tokens.add(read.token()));
        pendingReads.clear();
        readsAwaitingCommit.clear();
        tokens.forEach(token -> host.onReadIndex(token, -1, now, out));
    }

    private boolean hasQuorumContact(long now) {
        Set<Integer> recent = new HashSet<>();
        recent.add(self);
        for (int voter : membership().voters()) {
            if (voter != self && now - progressOf(voter, now).lastAckAt < timers.electionMinMs()) {
                recent.add(voter);
            }
        }
        return hasMajority(recent);
    }

    private boolean hasMajority(Set<Integer> nodes) {
        LogMembership members = membership();
        long count = nodes.stream().filter(members.voters()::contains).count();
        return count >= members.majority();
    }

    private List<Integer> peers() {
        return membership().members().stream().filter(id -> id != self).toList();
    }

    private Progress progressOf(int peer, long now) {
        return progress.computeIfAbsent(peer, id -> {
            Progress p = new Progress();
            p.next = log.lastIndex() + 1;
            // a new leader (or a newly added node) gets an election timeout before it counts as silent
            p.lastAckAt = now;
            p.lastProgressAt = now;
            return p;
        });
    }
}
