package io.quorate.configdb;

import io.quorate.core.Outbox;
import io.quorate.core.Outcome;
import io.quorate.core.Outcome.Refusal;
import io.quorate.events.ConfigEvent;
import io.quorate.events.LockEvent;
import io.quorate.node.ClusterSpec;
import io.quorate.protocol.Blob;
import io.quorate.protocol.ClusterMessage.ForwardedProposal;
import io.quorate.protocol.ClusterMessage.ProposalOutcome;
import io.quorate.protocol.ClusterMessage.ReadIndexReply;
import io.quorate.protocol.ClusterMessage.ReadIndexRequest;
import io.quorate.protocol.ClusterMessage.Replication;
import io.quorate.protocol.LogEntry;
import io.quorate.quorum.Voter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/**
 * The config tree of one node (pmxcfs's role), deterministic: the replicated log, the tree it
 * builds, client requests and their outcomes, cluster locks judged on this node's own clock, and
 * catch-up tracking. Clients get their outcome through {@link Outbox#reply}; a write reports
 * success only once this node has applied it, so a client reads its own writes here.
 */
public final class ConfigDb implements RaftHost {
    public static final String COROSYNC_CONF = "corosync.conf";
    /** {@link ProposalOutcome#status()} of a proposal answered with {@link Outcome.Logged}. */
    static final int LOGGED_STATUS = 1000;
    /** A follower more than this many entries behind its leader is catching up, not current. */
    static final long CATCHUP_LAG = 64;

    /**
     * A client request waiting for its outcome: {@code sentTo} the leader it went to (0: none yet),
     * {@code lockStartedAt} when a lock request was made.
     */
    private record Pending(long requestId, Command command, long deadline, int sentTo, long lockStartedAt) {
        boolean sent() {
            return sentTo != 0;
        }
    }

    /** A linearizable read waiting for the tree to reach {@code readIndex}. */
    private record WaitingRead(long requestId, long readIndex, long deadline) {
    }

    private record ReadOrigin(int node, long requestId) {
    }

    /** When this node last saw a lock acquired or renewed, on its own clock. */
    private record LockSighting(long renewedAt, long localTime) {
    }

    /** A lock this node holds, and until when it may believe so. */
    public record HeldLock(String name, long epoch, long validUntil) {
    }

    private final int self;
    private final long session;
    private final RaftTimers timers;
    private final long lockExpiryMs;
    private final long requestTimeoutMs;
    private final ClusterSpec.Parser parser;
    private final ClusterSpec bootSpec;
    private final IntFunction<String> nodeNames;
    private ConfigTree tree;
    private final RaftCore raft;
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private final List<WaitingRead> waitingReads = new ArrayList<>();
    private final Map<Long, ReadOrigin> readOrigins = new HashMap<>();
    private final Map<String, LockSighting> lockSightings = new HashMap<>();
    private final Map<String, HeldLock> held = new HashMap<>();
    /** When this node last asked to release each lock: a renewal asked before that must not revive the belief. */
    private final Map<String, Long> releaseAskedAt = new HashMap<>();
    private long nextReadToken = 1;
    private boolean catchingUp;
    private long catchupStartedAt;
    private long catchupFrom;
    private long catchupTarget;
    private long startedAt;
    /** Unsafe-mode writes, in order, and the latest of each path (what local reads show). */
    private final List<UnsafeWrite> unsafeWrites = new ArrayList<>();
    private final Map<String, UnsafeWrite> unsafeOverlay = new java.util.TreeMap<>();
    private ApplyListener applyListener = (entry, command, outcome) -> { };

    /** Sees every entry this node applies, with its outcome: for checkers, not for the node's own logic. */
    @FunctionalInterface
    public interface ApplyListener {
        void applied(LogEntry entry, Command command, Outcome outcome);
    }

    /**
     * @param bootSpec   the node's corosync.conf when it started: the nodelist until the log has one
     * @param nodeNames  node id → name, for events
     */
    public ConfigDb(int self, RaftTimers timers, long lockExpiryMs, StoredLog stored, ClusterSpec bootSpec,
                    ClusterSpec.Parser parser, IntFunction<String> nodeNames, RandomGenerator random) throws IOException {
        this.self = self;
        this.session = random.nextLong();
        this.timers = timers;
        this.lockExpiryMs = lockExpiryMs;
        this.requestTimeoutMs = Math.max(5_000, 3 * timers.electionMaxMs());
        this.parser = parser;
        this.bootSpec = bootSpec;
        this.nodeNames = nodeNames;
        this.tree = stored.snapshot() == null ? new ConfigTree() : ConfigTree.restore(stored.snapshot());
        if (tree.version() != stored.snapshotIndex()) {
            throw new IOException("snapshot at index " + stored.snapshotIndex() + " holds a tree at version " + tree.version());
        }
        this.raft = new RaftCore(self, timers, stored.term(), stored.votedFor(), stored.snapshotIndex(), stored.snapshotTerm(),
                stored.snapshot(), stored.entries(), random, this);
        stored.unsafeWrites().forEach(this::overlay);
    }

    public void start(long now, Outbox out) {
        startedAt = now;
        // pmxcfs judges expiry from when this node last saw a renewal; after a start that is now
        tree.locks().forEach((name, lock) -> lockSightings.put(name, new LockSighting(lock.renewedAt(), now)));
        raft.start(now, out);
    }

    public void tick(long now, Outbox out) {
        raft.tick(now, out);
        expireRequests(now, out);
        expireHeldLocks(now, out);
    }

    public long nextDeadline() {
        long next = raft.nextDeadline();
        for (Pending p : pending.values()) {
            next = Math.min(next, p.deadline());
        }
        for (WaitingRead read : waitingReads) {
            next = Math.min(next, read.deadline());
        }
        for (HeldLock lock : held.values()) {
            next = Math.min(next, lock.validUntil());
        }
        return next;
    }

    public void receive(int from, Replication message, long now, Outbox out) {
        if (message instanceof ForwardedProposal proposal) {
            onForwardedProposal(from, proposal, now, out);
        } else if (message instanceof ProposalOutcome outcome) {
            onProposalOutcome(from, outcome, now, out);
        } else if (message instanceof ReadIndexRequest request) {
            long token = nextReadToken++;
            readOrigins.put(token, new ReadOrigin(from, request.requestId()));
            raft.readIndex(token, now, out);
        } else if (message instanceof ReadIndexReply reply) {
            onReadIndexReply(reply, now, out);
        } else {
            raft.receive(from, message, now, out);
        }
        afterStep(now, out);
    }

    /** The driver has the log on disk up to {@code index}, an entry of {@code term}. */
    public void logDurable(long index, long term, long now, Outbox out) {
        raft.logDurable(index, term, now, out);
        afterStep(now, out);
    }

    // ---- client requests

    /** Writes a file. {@code quorate}: votequorum's verdict on this node; without it writes are refused at once. */
    public void write(long requestId, String path, Blob content, Guard guard, boolean quorate, long now, Outbox out) {
        Optional<Outcome.Refused> refusal = checkWrite(path, content, quorate);
        if (refusal.isPresent()) {
            refuse(requestId, "write", path, refusal.get(), out);
            return;
        }
        submit(requestId, new Command.Write(origin(requestId), path, content, guard), now, out);
    }

    public void remove(long requestId, String path, Guard guard, boolean quorate, long now, Outbox out) {
        Optional<String> problem = TreePath.problem(path);
        if (!quorate) {
            refuse(requestId, "remove", path, noQuorum(), out);
        } else if (problem.isPresent()) {
            refuse(requestId, "remove", path, new Outcome.Refused(Refusal.INVALID_PATH, problem.get()), out);
        } else {
            submit(requestId, new Command.Remove(origin(requestId), path, guard), now, out);
        }
    }

    /**
     * UNSAFE mode: votequorum calls this node quorate (an override: {@code cm expected}, two_node,
     * last_man_standing) but its view holds no majority of the log's voters, so nothing can commit.
     * As pmxcfs would, the write is applied here — but only here, on top of the committed tree, kept
     * on disk beside the log, announced loudly, and reported (not merged) when the node rejoins a
     * majority. {@code content} null removes.
     */
    public void writeUnsafe(long requestId, String path, Blob content, Guard guard, long now, Outbox out) {
        String operation = content == null ? "remove" : "write";
        Optional<Outcome.Refused> refusal = content == null
                ? TreePath.problem(path).map(p -> new Outcome.Refused(Refusal.INVALID_PATH, p))
                : checkWrite(path, content, true);
        if (refusal.isEmpty() && !guard.isNone()) {
            refusal = Optional.of(new Outcome.Refused(Refusal.NO_MAJORITY,
                    "a write under a lock needs a majority of the voters; this node has only an override"));
        }
        if (refusal.isEmpty() && path.equals(COROSYNC_CONF)) {
            refusal = Optional.of(new Outcome.Refused(Refusal.NO_MAJORITY, "the nodelist changes only with a majority of the voters"));
        }
        if (refusal.isEmpty() && LockPaths.lockOf(path).isPresent()) {
            refusal = Optional.of(new Outcome.Refused(Refusal.NO_MAJORITY, path + " is a cluster lock; locks need a majority"));
        }
        if (refusal.isEmpty() && content == null && readFile(path).isEmpty()) {
            refusal = Optional.of(new Outcome.Refused(Refusal.NO_SUCH_FILE, "no such file: " + path));
        }
        if (refusal.isPresent()) {
            refuse(requestId, operation, path, refusal.get(), out);
            return;
        }
        UnsafeWrite write = new UnsafeWrite(path, content, tree.version());
        overlay(write);
        out.request(new io.quorate.core.Effect.RecordUnsafeWrite(write));
        out.emit(new ConfigEvent.UnsafeWrite(operation, path, content == null ? 0 : content.size(), tree.version()));
        out.reply(requestId, new Outcome.UnsafeApplied(tree.version()));
    }

    /** Lock operations need a majority: in unsafe mode they are refused. */
    public void refuseWithoutMajority(long requestId, String operation, String path, Outbox out) {
        refuse(requestId, operation, path, new Outcome.Refused(Refusal.NO_MAJORITY, "this node is quorate only by an"
                + " override and its view holds no majority of the voters; locks need a majority"), out);
    }

    private void overlay(UnsafeWrite write) {
        unsafeWrites.add(write);
        unsafeOverlay.put(write.path(), write);
    }

    /** A file as this node shows it: its unsafe-mode version if any, else the committed one. */
    public record FileView(Blob content, long version, boolean unsafe) {
    }

    public Optional<FileView> readFile(String path) {
        UnsafeWrite mine = unsafeOverlay.get(path);
        if (mine != null) {
            return mine.removed() ? Optional.empty() : Optional.of(new FileView(mine.content(), mine.basedOnVersion(), true));
        }
        return tree.file(path).map(f -> new FileView(f.content(), f.version(), false));
    }

    /** A directory as this node shows it, unsafe-mode writes included (marked). */
    public List<ConfigTree.Listing> list(String dir) {
        if (unsafeOverlay.isEmpty()) {
            return tree.list(dir);
        }
        String prefix = dir.isEmpty() || dir.endsWith("/") ? dir : dir + "/";
        java.util.TreeMap<String, ConfigTree.Listing> entries = new java.util.TreeMap<>();
        tree.list(dir).forEach(e -> entries.put(e.name(), e));
        for (UnsafeWrite write : unsafeOverlay.values()) {
            if (!write.path().startsWith(prefix)) {
                continue;
            }
            String rest = write.path().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                entries.putIfAbsent(rest.substring(0, slash), new ConfigTree.Listing(rest.substring(0, slash), true, 0,
                        write.basedOnVersion()));
            } else if (write.removed()) {
                entries.remove(rest);
            } else {
                entries.put(rest, new ConfigTree.Listing(rest, false, write.content().size(), write.basedOnVersion()));
            }
        }
        return new ArrayList<>(entries.values());
    }

    /** Unsafe-mode writes not yet reported, in order. */
    public List<UnsafeWrite> unsafeWrites() {
        return List.copyOf(unsafeWrites);
    }

    /**
     * Takes a lock for this node: when it is free, when this node holds it already (a new epoch), or
     * when this node has not seen it renewed for the expiry time on its own clock.
     */
    public void acquireLock(long requestId, String name, boolean quorate, long now, Outbox out) {
        String path = LockPaths.pathOf(name);
        Optional<String> problem = LockName.problem(name);
        if (problem.isPresent()) {
            refuse(requestId, "lock_acquire", path, new Outcome.Refused(Refusal.INVALID_PATH, problem.get()), out);
            return;
        }
        if (!quorate) {
            refuse(requestId, "lock_acquire", path, noQuorum(), out);
            return;
        }
        Optional<ConfigTree.LockState> current = tree.lock(name);
        long expected = 0;
        if (current.isPresent() && current.get().holder() != self) {
            LockSighting seen = sighting(name, current.get());
            // not expired on this node's clock: ask for it as if free, so the tree (on its state at that
            // point of the log) grants it only if it was released meanwhile, and says who holds it otherwise
            if (now - seen.localTime() >= lockExpiryMs) {
                expected = seen.renewedAt();
                out.emit(new LockEvent.Expired(name, nodeNames.apply(current.get().holder()), current.get().epoch(), lockExpiryMs));
            }
        }
        submitLock(requestId, new Command.LockAcquire(origin(requestId), name, expected), now, out);
    }

    /**
     * Whether {@link #acquireLock} could succeed as this node sees the tree: the lock is free, held by
     * this node, or not seen renewed for the expiry on this node's clock. Lets a node that only waits
     * for a lock (a CRM slave) skip a log entry, and its refusal, at every try while another holds it.
     */
    public boolean lockMayBeTaken(String name, long now) {
        Optional<ConfigTree.LockState> current = tree.lock(name);
        return current.isEmpty() || current.get().holder() == self
                || now - sighting(name, current.get()).localTime() >= lockExpiryMs;
    }

    /** When this node last saw {@code lock} renewed, on its own clock (at start-up if not since). */
    private LockSighting sighting(String name, ConfigTree.LockState lock) {
        return lockSightings.getOrDefault(name, new LockSighting(lock.renewedAt(), startedAt));
    }

    /**
     * Takes a lock from a holder proved dead by hardware fencing (powered off, status read back),
     * without waiting out the expiry. The tree grants it only if the lock was not renewed since this
     * node last saw it, so a holder that is in fact alive and renewing keeps it.
     */
    public void takeLockFromDead(long requestId, String name, String deadHolder, boolean quorate, long now, Outbox out) {
        String path = LockPaths.pathOf(name);
        if (!quorate) {
            refuse(requestId, "lock_acquire", path, noQuorum(), out);
            return;
        }
        Optional<ConfigTree.LockState> current = tree.lock(name);
        if (current.isEmpty() || !deadHolder.equals(nodeNames.apply(current.get().holder()))) {
            acquireLock(requestId, name, quorate, now, out);
            return;
        }
        out.emit(new LockEvent.Expired(name, deadHolder, current.get().epoch(), 0));
        submitLock(requestId, new Command.LockAcquire(origin(requestId), name, current.get().renewedAt()), now, out);
    }

    /** Renews a lock this node holds at {@code epoch}. */
    public void renewLock(long requestId, String name, long epoch, boolean quorate, long now, Outbox out) {
        if (!quorate) {
            refuse(requestId, "lock_renew", LockPaths.pathOf(name), noQuorum(), out);
            return;
        }
        submitLock(requestId, new Command.LockRenew(origin(requestId), name, epoch), now, out);
    }

    /** Releases a lock this node holds at {@code epoch}; allowed without quorum so a stopping node can let go. */
    public void releaseLock(long requestId, String name, long epoch, long now, Outbox out) {
        // from the moment it asks, the holder must act as if it no longer holds the lock: the
        // release may commit (and another node take the lock) before this node hears of it
        HeldLock mine = held.get(name);
        if (mine != null && mine.epoch() == epoch) {
            held.remove(name);
        }
        releaseAskedAt.put(name, now);
        submit(requestId, new Command.LockRelease(origin(requestId), name, epoch), now, out);
    }

    /** A linearizable read: answered with {@link Outcome.ReadReady} once the local tree may be read. */
    public void consistentRead(long requestId, long now, Outbox out) {
        if (raft.isLeader()) {
            long token = nextReadToken++;
            readOrigins.put(token, new ReadOrigin(self, requestId));
            raft.readIndex(token, now, out);
        } else if (raft.leaderId() != 0) {
            waitingReads.add(new WaitingRead(requestId, Long.MAX_VALUE, now + requestTimeoutMs));
            out.send(raft.leaderId(), new ReadIndexRequest(raft.term(), requestId));
        } else {
            out.reply(requestId, new Outcome.Refused(Refusal.NO_LEADER,
                    "no config leader: this node cannot reach a majority of the voters"));
        }
        afterStep(now, out);
    }

    public void setApplyListener(ApplyListener listener) {
        this.applyListener = listener;
    }

    // ---- queries

    public ConfigTree tree() {
        return tree;
    }

    /** Each cluster lock of the committed tree (expired or not) and its holder's node name, by lock name. */
    public java.util.SortedMap<String, String> lockHolders() {
        java.util.SortedMap<String, String> holders = new java.util.TreeMap<>();
        tree.locks().forEach((lock, state) -> holders.put(lock, nodeNames.apply(state.holder())));
        return holders;
    }

    public long version() {
        return tree.version();
    }

    public int leaderId() {
        return raft.leaderId();
    }

    public long term() {
        return raft.term();
    }

    public boolean isLeader() {
        return raft.isLeader();
    }

    public long commitIndex() {
        return raft.commitIndex();
    }

    public long lastLogIndex() {
        return raft.lastIndex();
    }

    /** Current: a leader is known and this node has applied (about) everything it committed. */
    public boolean isCurrent() {
        return raft.leaderId() != 0 && !catchingUp;
    }

    public String role() {
        return raft.role().name().toLowerCase(java.util.Locale.ROOT);
    }

    public LogMembership logMembership() {
        return raft.membership();
    }

    /** The lock this node holds under {@code name}, if it may still believe so at {@code now}. */
    public Optional<HeldLock> heldLock(String name, long now) {
        HeldLock lock = held.get(name);
        return lock != null && now < lock.validUntil() ? Optional.of(lock) : Optional.empty();
    }

    /** Changes whenever the nodelist in force may have changed (the index of the entry that set it). */
    public long nodelistMarker() {
        return raft.membershipIndex();
    }

    /**
     * The corosync.conf in force: the latest one in the log, committed or not (the nodelist takes
     * effect when appended), else the boot config. Its config_version tells a change.
     */
    public String effectiveCorosyncConf() {
        long index = raft.membershipIndex();
        LogEntry entry = raft.entry(index);
        if (entry != null) {
            Optional<String> text = corosyncConfIn(entry.command());
            if (text.isPresent()) {
                return text.get();
            }
        }
        return tree.file(COROSYNC_CONF).map(f -> new String(f.content().unsafeArray(), StandardCharsets.UTF_8))
                .orElse(bootSpec.corosyncConf());
    }

    // ---- RaftHost

    @Override
    public void apply(LogEntry entry, long now, Outbox out) {
        Command command;
        try {
            command = CommandCodec.decode(entry.command());
        } catch (CommandCodec.InvalidCommandException e) {
            tree.skip(entry.index());
            out.emit(new ConfigEvent.Rejected("unknown", "", "invalid_content",
                    "entry " + entry.index() + " holds no command this version understands: " + e.getMessage(), entry.index()));
            return;
        }
        ConfigTree.Applied applied = tree.apply(entry.index(), command);
        applyListener.applied(entry, command, applied.outcome());
        if (command instanceof Command.Noop) {
            return;
        }
        String origin = command.origin().nodeId() == 0 ? "" : nodeNames.apply(command.origin().nodeId());
        if (applied.outcome() instanceof Outcome.Refused refused) {
            out.emit(new ConfigEvent.Rejected(command.operation(), command.path(), refused.reason().code(), refused.detail(),
                    entry.index()));
        } else {
            out.emit(new ConfigEvent.Committed(entry.index(), command.operation(), command.path(), command.bytes(), origin,
                    raft.storedBy(entry.index()), raft.voterCount()));
            noteLockChange(command, (Outcome.Done) applied.outcome(), now, out);
        }
        if (command.origin().nodeId() == self && command.origin().session() == session) {
            Pending request = pending.remove(command.origin().requestId());
            if (request != null) {
                if (applied.outcome() instanceof Outcome.Done done && request.lockStartedAt() >= 0) {
                    noteOwnLock(command, done, request.lockStartedAt(), out);
                }
                out.reply(request.requestId(), applied.outcome());
            }
        }
    }

    @Override
    public byte[] snapshotState() {
        return tree.snapshot();
    }

    @Override
    public void restoreState(long index, byte[] state, long now, Outbox out) throws IOException {
        ConfigTree restored = ConfigTree.restore(state);
        if (restored.version() != index) {
            throw new IOException("snapshot for index " + index + " holds version " + restored.version());
        }
        tree = restored;
        lockSightings.clear();
        tree.locks().forEach((name, lock) -> lockSightings.put(name, new LockSighting(lock.renewedAt(), now)));
        out.emit(new ConfigEvent.SnapshotInstalled(index, state.length, tree.fileCount()));
    }

    @Override
    public Optional<LogMembership> membershipIn(LogEntry entry) {
        return corosyncConfIn(entry.command()).flatMap(this::membershipOf);
    }

    @Override
    public LogMembership membershipOfState() {
        return tree.file(COROSYNC_CONF)
                .flatMap(f -> membershipOf(new String(f.content().unsafeArray(), StandardCharsets.UTF_8)))
                .orElseGet(() -> membershipOf(bootSpec));
    }

    @Override
    public void onLeaderChanged(long term, int leaderId, long now, Outbox out) {
        out.emit(new ConfigEvent.LeaderChanged(term, leaderId, leaderId == 0 ? "" : nodeNames.apply(leaderId)));
        if (leaderId == 0) {
            return;
        }
        // requests that waited for a leader go now
        // Requests sent to another leader go again: that leader may be gone with them. The tree
        // applies a request once, so a copy that also commits is dropped as a duplicate.
        // A copy of the list: proposing may answer (and so remove) a request at once.
        for (Pending p : List.copyOf(pending.values())) {
            if (p.sentTo() != leaderId) {
                send(p, now, out);
            }
        }
    }

    /** Sends a waiting request to the leader (or proposes it, when this node leads). */
    private void send(Pending p, long now, Outbox out) {
        pending.put(p.requestId(), new Pending(p.requestId(), p.command(), p.deadline(), raft.leaderId(), p.lockStartedAt()));
        if (raft.leaderId() == self) {
            proposeForLocalClient(p.requestId(), p.command(), now, out);
        } else {
            out.send(raft.leaderId(), new ForwardedProposal(raft.term(), p.requestId(), CommandCodec.encode(p.command())));
        }
    }

    @Override
    public void onReadIndex(long token, long readIndex, long now, Outbox out) {
        ReadOrigin origin = readOrigins.remove(token);
        if (origin == null) {
            return;
        }
        if (origin.node() == self) {
            if (readIndex < 0) {
                out.reply(origin.requestId(), new Outcome.Refused(Refusal.NO_MAJORITY,
                        "the config leader could not confirm itself with a majority of the voters"));
            } else {
                waitingReads.add(new WaitingRead(origin.requestId(), readIndex, now + requestTimeoutMs));
                serveReads(out);
            }
        } else {
            out.send(origin.node(), new ReadIndexReply(raft.term(), origin.requestId(), readIndex));
        }
    }

    // ---- internals

    private Origin origin(long requestId) {
        return new Origin(self, session, requestId);
    }

    private Optional<Outcome.Refused> checkWrite(String path, Blob content, boolean quorate) {
        Optional<String> problem = TreePath.problem(path);
        if (problem.isPresent()) {
            return Optional.of(new Outcome.Refused(Refusal.INVALID_PATH, problem.get()));
        }
        if (content.size() > ConfigTree.MAX_FILE_BYTES) {
            return Optional.of(new Outcome.Refused(Refusal.TOO_LARGE, path + " is " + content.size()
                    + " bytes; a file may have at most " + ConfigTree.MAX_FILE_BYTES + " (1 MiB)"));
        }
        if (!quorate) {
            return Optional.of(noQuorum());
        }
        // the 128 MiB quota is judged when the write is applied, on the tree as it is then
        return Optional.empty();
    }

    private static Outcome.Refused noQuorum() {
        return new Outcome.Refused(Refusal.NO_QUORUM, "cluster not ready - no quorum?");
    }

    private void submitLock(long requestId, Command command, long now, Outbox out) {
        submit(requestId, command, now, now, out);
    }

    private void submit(long requestId, Command command, long now, Outbox out) {
        submit(requestId, command, -1, now, out);
    }

    private void submit(long requestId, Command command, long lockStartedAt, long now, Outbox out) {
        int leader = raft.leaderId();
        pending.put(requestId, new Pending(requestId, command, now + requestTimeoutMs, leader, lockStartedAt));
        if (leader == self) {
            proposeForLocalClient(requestId, command, now, out);
        } else if (leader != 0) {
            out.send(leader, new ForwardedProposal(raft.term(), requestId, CommandCodec.encode(command)));
        }
        afterStep(now, out);
    }

    /** A proposal as leader: refused, or appended at {@code index} (where logging may be answer enough). */
    private record Proposal(Outcome.Refused refusal, long index, boolean loggedIsEnough) {
    }

    private void proposeForLocalClient(long requestId, Command command, long now, Outbox out) {
        Proposal proposal = proposeAsLeader(command, now, out);
        if (proposal.refusal() != null) {
            pending.remove(requestId);
            refuse(requestId, command.operation(), command.path(), proposal.refusal(), out);
        } else if (proposal.loggedIsEnough()) {
            pending.remove(requestId);
            out.reply(requestId, new Outcome.Logged(proposal.index()));
        }
    }

    /** Appends a command as leader, or says why not. */
    private Proposal proposeAsLeader(Command command, long now, Outbox out) {
        Optional<Outcome.Refused> problem = checkNodelistChange(command);
        if (problem.isPresent()) {
            return new Proposal(problem.get(), 0, false);
        }
        boolean loggedIsEnough = needsAddedNodeToCommit(command);
        Blob encoded = CommandCodec.encode(command);
        long index = raft.propose(encoded, now, out);
        if (index < 0) {
            return new Proposal(new Outcome.Refused(Refusal.NOT_LEADER, "this node no longer leads the config log"), 0, false);
        }
        out.emit(new ConfigEvent.Proposed(index, raft.term(), command.operation(), command.path(), command.bytes(),
                nodeNames.apply(command.origin().nodeId())));
        return new Proposal(null, index, loggedIsEnough);
    }

    /**
     * A nodelist change whose new majority the current voters cannot make up alone (a second voter
     * joining a one-node cluster): it commits only once the new node runs, and the new node runs
     * only after its join is answered, so being in the leader's log must be answer enough.
     */
    private boolean needsAddedNodeToCommit(Command command) {
        if (!(command instanceof Command.Write write) || !write.path().equals(COROSYNC_CONF)) {
            return false;
        }
        Optional<LogMembership> next = membershipOf(new String(write.content().unsafeArray(), StandardCharsets.UTF_8));
        if (next.isEmpty()) {
            return false;
        }
        long staying = next.get().voters().stream().filter(raft.membership().voters()::contains).count();
        return staying < next.get().majority();
    }

    /**
     * corosync.conf writes change the nodelist: they must parse, raise config_version, change the
     * voters by at most one node, and wait until the previous change committed (Raft's
     * single-server membership change is only safe one node at a time).
     */
    private Optional<Outcome.Refused> checkNodelistChange(Command command) {
        if (!(command instanceof Command.Write write) || !write.path().equals(COROSYNC_CONF)) {
            if (command instanceof Command.Remove remove && remove.path().equals(COROSYNC_CONF)) {
                return Optional.of(new Outcome.Refused(Refusal.INVALID_CONTENT, "corosync.conf cannot be removed"));
            }
            return Optional.empty();
        }
        if (!write.guard().isNone()) {
            // a guard could refuse the write when applied, after its nodelist took effect on append
            return Optional.of(new Outcome.Refused(Refusal.INVALID_CONTENT, "corosync.conf is not written under a lock"));
        }
        ClusterSpec next;
        try {
            next = parser.parse(new String(write.content().unsafeArray(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return Optional.of(new Outcome.Refused(Refusal.INVALID_CONTENT, "corosync.conf does not load: " + e.getMessage()));
        }
        ClusterSpec current;
        try {
            current = parser.parse(effectiveCorosyncConf());
        } catch (Exception e) {
            current = bootSpec;
        }
        if (next.configVersion() <= current.configVersion()) {
            return Optional.of(new Outcome.Refused(Refusal.INVALID_CONTENT, "corosync.conf config_version " + next.configVersion()
                    + " must be above the current " + current.configVersion()));
        }
        if (raft.membershipChangePending()) {
            return Optional.of(new Outcome.Refused(Refusal.BUSY, "the previous nodelist change has not committed yet; try again"));
        }
        TreeSet<Integer> before = new TreeSet<>(membershipOf(current).voters());
        TreeSet<Integer> after = new TreeSet<>(membershipOf(next).voters());
        TreeSet<Integer> added = new TreeSet<>(after);
        added.removeAll(before);
        TreeSet<Integer> removed = new TreeSet<>(before);
        removed.removeAll(after);
        if (added.size() + removed.size() > 1) {
            return Optional.of(new Outcome.Refused(Refusal.INVALID_CONTENT, "the voters change by more than one node (added "
                    + added + ", removed " + removed + "); add or remove one node at a time"));
        }
        if (after.isEmpty()) {
            return Optional.of(new Outcome.Refused(Refusal.INVALID_CONTENT, "corosync.conf leaves no node with votes"));
        }
        return Optional.empty();
    }

    private void onForwardedProposal(int from, ForwardedProposal proposal, long now, Outbox out) {
        Command command;
        try {
            command = CommandCodec.decode(proposal.command());
        } catch (CommandCodec.InvalidCommandException e) {
            out.send(from, new ProposalOutcome(raft.term(), proposal.requestId(), statusOf(Refusal.INVALID_CONTENT), 0,
                    "unreadable command: " + e.getMessage()));
            return;
        }
        if (command.origin().nodeId() != from || command.origin().requestId() != proposal.requestId()) {
            out.send(from, new ProposalOutcome(raft.term(), proposal.requestId(), statusOf(Refusal.INVALID_CONTENT), 0,
                    "command origin does not match its sender"));
            return;
        }
        Proposal result = raft.isLeader() ? proposeAsLeader(command, now, out)
                : new Proposal(new Outcome.Refused(Refusal.NOT_LEADER, "this node does not lead the config log"), 0, false);
        if (result.refusal() != null) {
            out.send(from, new ProposalOutcome(raft.term(), proposal.requestId(), statusOf(result.refusal().reason()), 0,
                    result.refusal().detail()));
        } else if (result.loggedIsEnough()) {
            out.send(from, new ProposalOutcome(raft.term(), proposal.requestId(), LOGGED_STATUS, result.index(), ""));
        }
    }

    private void onProposalOutcome(int from, ProposalOutcome outcome, long now, Outbox out) {
        Pending request = pending.get(outcome.requestId());
        if (request == null) {
            return;
        }
        if (outcome.status() == LOGGED_STATUS) {
            pending.remove(outcome.requestId());
            out.reply(request.requestId(), new Outcome.Logged(outcome.index()));
            return;
        }
        Refusal reason = Refusal.ofWire(outcome.status()).orElse(Refusal.NOT_LEADER);
        if (reason == Refusal.NOT_LEADER) {
            // sent to a node that lost leadership (it was never appended): send it to the leader we
            // know now, or wait for the next one
            Pending unsent = new Pending(request.requestId(), request.command(), request.deadline(), 0, request.lockStartedAt());
            pending.put(request.requestId(), unsent);
            if (raft.leaderId() != 0 && raft.leaderId() != from) {
                send(unsent, now, out);
            }
            return;
        }
        pending.remove(outcome.requestId());
        refuse(request.requestId(), request.command().operation(), request.command().path(),
                new Outcome.Refused(reason, outcome.detail()), out);
    }

    private static int statusOf(Refusal reason) {
        return reason.wire();
    }

    private void onReadIndexReply(ReadIndexReply reply, long now, Outbox out) {
        for (int i = 0; i < waitingReads.size(); i++) {
            WaitingRead read = waitingReads.get(i);
            if (read.requestId() == reply.requestId() && read.readIndex() == Long.MAX_VALUE) {
                if (reply.readIndex() < 0) {
                    waitingReads.remove(i);
                    out.reply(read.requestId(), new Outcome.Refused(Refusal.NO_MAJORITY,
                            "the config leader could not confirm itself with a majority of the voters"));
                } else {
                    waitingReads.set(i, new WaitingRead(read.requestId(), reply.readIndex(), read.deadline()));
                }
                break;
            }
        }
        serveReads(out);
    }

    private void serveReads(Outbox out) {
        Iterator<WaitingRead> it = waitingReads.iterator();
        while (it.hasNext()) {
            WaitingRead read = it.next();
            if (read.readIndex() != Long.MAX_VALUE && tree.version() >= read.readIndex()) {
                it.remove();
                out.reply(read.requestId(), new Outcome.ReadReady(read.readIndex()));
            }
        }
    }

    private void afterStep(long now, Outbox out) {
        serveReads(out);
        trackCatchup(now, out);
        reportDivergence(out);
    }

    /**
     * Back with a majority and caught up: the unsafe-mode writes are reported and moved aside for
     * the administrator; the node now shows the cluster's tree. Nothing is merged silently.
     */
    private void reportDivergence(Outbox out) {
        if (unsafeWrites.isEmpty() || !isCurrent()) {
            return;
        }
        List<String> paths = unsafeWrites.stream().map(UnsafeWrite::path).distinct().toList();
        out.emit(new ConfigEvent.Diverged(tree.version(), paths, "configdb/" + divergedFileName(tree.version())));
        out.request(new io.quorate.core.Effect.ArchiveUnsafeWrites(tree.version()));
        unsafeWrites.clear();
        unsafeOverlay.clear();
    }

    /** Where unsafe-mode writes are kept after a rejoin at {@code clusterVersion}. */
    public static String divergedFileName(long clusterVersion) {
        return "diverged-at-" + clusterVersion + ".jsonl";
    }

    private void trackCatchup(long now, Outbox out) {
        long target = raft.leaderCommitSeen();
        if (!catchingUp && raft.leaderId() != 0 && !raft.isLeader() && target - tree.version() > CATCHUP_LAG) {
            catchingUp = true;
            catchupStartedAt = now;
            catchupFrom = tree.version();
            catchupTarget = target;
            out.emit(new ConfigEvent.CatchupStarted(catchupFrom, target, raft.commitIndex() < target && catchupFrom < target
                    && raft.lastIndex() < catchupFrom));
        } else if (catchingUp && tree.version() >= catchupTarget) {
            catchingUp = false;
            out.emit(new ConfigEvent.CatchupFinished(tree.version(), tree.version() - catchupFrom, now - catchupStartedAt));
        }
    }

    private void expireRequests(long now, Outbox out) {
        Iterator<Pending> it = pending.values().iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (now >= p.deadline()) {
                it.remove();
                if (p.sent()) {
                    out.reply(p.requestId(), new Outcome.Unknown("no outcome within " + requestTimeoutMs
                            + " ms; the " + p.command().operation() + " may still commit"));
                } else {
                    refuse(p.requestId(), p.command().operation(), p.command().path(), new Outcome.Refused(Refusal.NO_LEADER,
                            "no config leader within " + requestTimeoutMs + " ms"), out);
                }
            }
        }
        Iterator<WaitingRead> reads = waitingReads.iterator();
        while (reads.hasNext()) {
            WaitingRead read = reads.next();
            if (now >= read.deadline()) {
                reads.remove();
                out.reply(read.requestId(), new Outcome.Refused(Refusal.NO_MAJORITY, "no read index within " + requestTimeoutMs + " ms"));
            }
        }
    }

    private void expireHeldLocks(long now, Outbox out) {
        Iterator<HeldLock> it = held.values().iterator();
        while (it.hasNext()) {
            HeldLock lock = it.next();
            if (now >= lock.validUntil()) {
                it.remove();
                out.emit(new LockEvent.Lost(lock.name(), lock.epoch(), "not renewed within the expiry time"));
            }
        }
    }

    private void noteLockChange(Command command, Outcome.Done done, long now, Outbox out) {
        String holder = nodeNames.apply(command.origin().nodeId());
        if (command instanceof Command.LockAcquire acquire) {
            lockSightings.put(acquire.lock(), new LockSighting(done.version(), now));
            out.emit(new LockEvent.Acquired(acquire.lock(), holder, done.epoch()));
            HeldLock mine = held.get(acquire.lock());
            if (mine != null && command.origin().nodeId() != self) {
                held.remove(acquire.lock());
                out.emit(new LockEvent.Lost(acquire.lock(), mine.epoch(), "taken over by " + holder));
            }
        } else if (command instanceof Command.LockRenew renew) {
            lockSightings.put(renew.lock(), new LockSighting(done.version(), now));
            out.emit(new LockEvent.Renewed(renew.lock(), holder, renew.epoch(), done.version()));
        } else if (command instanceof Command.LockRelease release) {
            lockSightings.remove(release.lock());
            held.remove(release.lock());
            out.emit(new LockEvent.Released(release.lock(), holder, release.epoch()));
        }
    }

    /**
     * This node's own acquisition or renewal committed: it may believe it holds the lock until the
     * expiry counted from when it asked (before any other node could have seen the renewal), less a
     * margin for clock-rate differences between nodes (2 %, ten times the drift Quorate tolerates).
     */
    private void noteOwnLock(Command command, Outcome.Done done, long startedAt, Outbox out) {
        long validUntil = startedAt + lockExpiryMs - lockExpiryMs / 50;
        String lock = command instanceof Command.LockAcquire a ? a.lock() : command instanceof Command.LockRenew r ? r.lock() : null;
        if (lock != null && releaseAskedAt.getOrDefault(lock, Long.MIN_VALUE) >= startedAt) {
            // a release was asked after this request: it may commit (and another node take the lock)
            // before this node applies it, so the belief must not come back
            return;
        }
        if (command instanceof Command.LockAcquire acquire) {
            held.put(acquire.lock(), new HeldLock(acquire.lock(), done.epoch(), validUntil));
        } else if (command instanceof Command.LockRenew renew) {
            held.put(renew.lock(), new HeldLock(renew.lock(), renew.epoch(), validUntil));
        }
    }

    private void refuse(long requestId, String operation, String path, Outcome.Refused refusal, Outbox out) {
        out.emit(new ConfigEvent.Rejected(operation, path, refusal.reason().code(), refusal.detail(), 0));
        out.reply(requestId, refusal);
    }

    private static Optional<String> corosyncConfIn(Blob command) {
        // every appended entry comes through here: look at its path before decoding (and copying) it all
        if (!CommandCodec.isWriteOf(command, COROSYNC_CONF)) {
            return Optional.empty();
        }
        try {
            Command decoded = CommandCodec.decode(command);
            if (decoded instanceof Command.Write write && write.path().equals(COROSYNC_CONF) && write.guard().isNone()) {
                return Optional.of(new String(write.content().unsafeArray(), StandardCharsets.UTF_8));
            }
        } catch (CommandCodec.InvalidCommandException e) {
            // not a command: not a nodelist change either
        }
        return Optional.empty();
    }

    private Optional<LogMembership> membershipOf(String corosyncConf) {
        try {
            return Optional.of(membershipOf(parser.parse(corosyncConf)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static LogMembership membershipOf(ClusterSpec spec) {
        TreeSet<Integer> members = new TreeSet<>();
        TreeSet<Integer> voters = new TreeSet<>();
        for (Voter voter : spec.voters().voters()) {
            members.add(voter.nodeId());
            if (voter.votes() > 0) {
                voters.add(voter.nodeId());
            }
        }
        return new LogMembership(members, voters);
    }
}
