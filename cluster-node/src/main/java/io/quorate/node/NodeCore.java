package io.quorate.node;

import io.quorate.configdb.ConfigDb;
import io.quorate.configdb.ConfigDbSettings;
import io.quorate.configdb.Guard;
import io.quorate.configdb.RaftTimers;
import io.quorate.configdb.StoredLog;
import io.quorate.core.Effect;
import io.quorate.core.Outbox;
import io.quorate.events.MembershipEvent;
import io.quorate.membership.HeartbeatContent;
import io.quorate.membership.MembershipCore;
import io.quorate.membership.View;
import io.quorate.membership.ViewListener;
import io.quorate.protocol.Blob;
import io.quorate.protocol.ClusterMessage;
import io.quorate.protocol.ClusterMessage.ConfigOffer;
import io.quorate.protocol.ClusterMessage.ConfigRequest;
import io.quorate.protocol.ClusterMessage.Heartbeat;
import io.quorate.protocol.ClusterMessage.SetExpectedVotes;
import io.quorate.quorum.QuorumCore;
import io.quorate.quorum.QuorumStatus;
import io.quorate.quorum.SetExpectedResult;
import java.util.random.RandomGenerator;

/**
 * One cluster node's deterministic logic: membership, votequorum and the replicated config tree.
 * corosync.conf lives in the tree: the nodelist in force is the latest one in the config log, and
 * membership and quorum follow it. Drivers (Vert.x runtime, simulator) feed it messages and time
 * and carry out what it leaves in the {@link Outbox}.
 */
public final class NodeCore implements HeartbeatContent, ViewListener {
    private final int self;
    private final ClusterSpec.Parser parser;
    private final MembershipCore membership;
    private final QuorumCore quorum;
    private final ConfigDb configDb;
    private ClusterSpec spec;
    /** The config log's nodelist marker when {@link #spec} was last brought in line with it. */
    private long followedNodelistIndex = -1;
    /** The view members whose votes quorum counts: see {@link MembershipCore#confirmedMembers}. */
    private java.util.SortedSet<Integer> counted = new java.util.TreeSet<>();

    /**
     * @param stored   the config log as the node found it on disk
     * @param settings config-log timing (derived from the token unless given) and lock expiry
     */
    public NodeCore(int self, ClusterSpec spec, long highestRingSequence, RandomGenerator random, ClusterSpec.Parser parser,
                    StoredLog stored, ConfigDbSettings settings) throws java.io.IOException {
        this.self = self;
        this.spec = spec;
        this.parser = parser;
        this.quorum = new QuorumCore(self, spec.voters());
        this.membership = new MembershipCore(self, spec.nodelist(), spec.timers(), highestRingSequence, random, this, this);
        RaftTimers timers = settings.timers() != null ? settings.timers() : RaftTimers.forToken(spec.timers().tokenMs());
        this.configDb = new ConfigDb(self, timers, settings.lockExpiryMs(), stored, spec, parser,
                id -> this.spec.node(id).map(v -> v.name()).orElse("node" + id), random);
    }

    public void start(long now, Outbox out) {
        membership.start(now, out);
        configDb.start(now, out);
        followNodelist(now, out);
    }

    public void tick(long now, Outbox out) {
        membership.tick(now, out);
        recount(now, out);
        quorum.tick(now, out);
        configDb.tick(now, out);
        followNodelist(now, out);
    }

    public void receive(int from, ClusterMessage message, long now, Outbox out) {
        if (message instanceof ClusterMessage.Replication replication) {
            // a config leader this node does not know yet (its nodelist is behind) must still reach it
            configDb.receive(from, replication, now, out);
            followNodelist(now, out);
            return;
        }
        if (spec.node(from).isEmpty()) {
            return;
        }
        if (message instanceof SetExpectedVotes set) {
            quorum.onSetExpectedVotes(from, set.expectedVotes(), now, out);
        } else if (message instanceof ConfigRequest || message instanceof ConfigOffer) {
            // protocol 1 spread corosync.conf this way; it now travels in the config log
            return;
        } else {
            membership.receive(from, message, now, out);
            recount(now, out);
            if (message instanceof Heartbeat heartbeat) {
                afterHeartbeat(from, heartbeat, now, out);
            }
        }
    }

    /** Clean stop: peers drop this node at once. */
    public void leave(Outbox out) {
        membership.leave(out);
    }

    /** {@code cm expected}: an admin override of expected votes, spread to the view. */
    public SetExpectedResult setExpectedVotes(int expectedVotes, long now, Outbox out) {
        return quorum.setExpectedVotes(expectedVotes, now, out);
    }

    // ---- the config tree: writes are refused at once without quorum, as pmxcfs does

    public void write(long requestId, String path, Blob content, Guard guard, long now, Outbox out) {
        if (unsafeMode()) {
            configDb.writeUnsafe(requestId, path, content, guard, now, out);
        } else {
            configDb.write(requestId, path, content, guard, quorumStatus().quorate(), now, out);
        }
        followNodelist(now, out);
    }

    public void remove(long requestId, String path, Guard guard, long now, Outbox out) {
        if (unsafeMode()) {
            configDb.writeUnsafe(requestId, path, null, guard, now, out);
        } else {
            configDb.remove(requestId, path, guard, quorumStatus().quorate(), now, out);
        }
    }

    public void acquireLock(long requestId, String name, long now, Outbox out) {
        if (unsafeMode()) {
            configDb.refuseWithoutMajority(requestId, "lock_acquire", io.quorate.configdb.LockPaths.pathOf(name), out);
        } else {
            configDb.acquireLock(requestId, name, quorumStatus().quorate(), now, out);
        }
    }

    /** See {@link ConfigDb#takeLockFromDead}. */
    public void takeLockFromDead(long requestId, String name, String deadHolder, long now, Outbox out) {
        if (unsafeMode()) {
            configDb.refuseWithoutMajority(requestId, "lock_acquire", io.quorate.configdb.LockPaths.pathOf(name), out);
        } else {
            configDb.takeLockFromDead(requestId, name, deadHolder, quorumStatus().quorate(), now, out);
        }
    }

    public void renewLock(long requestId, String name, long epoch, long now, Outbox out) {
        if (unsafeMode()) {
            configDb.refuseWithoutMajority(requestId, "lock_renew", io.quorate.configdb.LockPaths.pathOf(name), out);
        } else {
            configDb.renewLock(requestId, name, epoch, quorumStatus().quorate(), now, out);
        }
    }

    /**
     * Quorate by votequorum, yet the view holds no majority of the config log's voters: only an
     * override (cm expected, two_node, last_man_standing) gets a node here. Writes then apply to
     * this node alone, loudly (see {@link ConfigDb#writeUnsafe}).
     */
    public boolean unsafeMode() {
        if (!quorumStatus().quorate()) {
            return false;
        }
        var voters = configDb.logMembership().voters();
        long inView = counted.stream().filter(voters::contains).count();
        return inView < configDb.logMembership().majority();
    }

    public void releaseLock(long requestId, String name, long epoch, long now, Outbox out) {
        configDb.releaseLock(requestId, name, epoch, now, out);
    }

    public void consistentRead(long requestId, long now, Outbox out) {
        configDb.consistentRead(requestId, now, out);
    }

    /** The driver has the config log on disk up to {@code index}, an entry of {@code term}. */
    public void logDurable(long index, long term, long now, Outbox out) {
        configDb.logDurable(index, term, now, out);
        followNodelist(now, out);
    }

    public ConfigDb configDb() {
        return configDb;
    }

    public long nextDeadline() {
        return Math.min(Math.min(membership.nextDeadline(), quorum.nextDeadline()), configDb.nextDeadline());
    }

    public ClusterSpec spec() {
        return spec;
    }

    public View view() {
        return membership.view();
    }

    public QuorumStatus quorumStatus() {
        return quorum.status();
    }

    public int localNodeId() {
        return self;
    }

    @Override
    public void onViewInstalled(View view, long now, Outbox out) {
        counted = view.members();
        quorum.onViewInstalled(view.ring(), counted, now, out);
    }

    /** Withdraws the votes of members that turned out not to be in our view (or counts them again). */
    private void recount(long now, Outbox out) {
        java.util.SortedSet<Integer> confirmed = membership.confirmedMembers(now);
        if (!confirmed.equals(counted)) {
            counted = confirmed;
            quorum.onViewInstalled(membership.view().ring(), confirmed, now, out);
        }
    }

    @Override
    public long configVersion() {
        return spec.configVersion();
    }

    @Override
    public int expectedVotes() {
        return quorum.status().expectedVotes();
    }

    private void afterHeartbeat(int from, Heartbeat heartbeat, long now, Outbox out) {
        if (membership.view().contains(from)) {
            quorum.onPeerExpectedVotes(from, heartbeat.expectedVotes(), now, out);
        }
    }

    /**
     * Brings membership and quorum in line with the nodelist in force in the config log (which may
     * move back when an uncommitted change is overwritten by a new leader).
     */
    private void followNodelist(long now, Outbox out) {
        long marker = configDb.nodelistMarker();
        if (marker == followedNodelistIndex) {
            return;
        }
        followedNodelistIndex = marker;
        String text = configDb.effectiveCorosyncConf();
        if (text.equals(spec.corosyncConf())) {
            return;
        }
        ClusterSpec next;
        try {
            next = parser.parse(text);
        } catch (Exception e) {
            // the leader checks corosync.conf before it enters the log: only a bug gets here
            out.emit(new MembershipEvent.PacketRejected("config log", "corosync.conf in the log does not load: " + e.getMessage(), 1));
            return;
        }
        apply(next, now, out);
    }

    private void apply(ClusterSpec newer, long now, Outbox out) {
        spec = newer;
        out.request(new Effect.PersistClusterConfig(newer.configVersion(), newer.corosyncConf()));
        out.emit(new MembershipEvent.ConfigApplied(newer.configVersion(), newer.nodelist().entrySet().stream()
                .map(e -> new MembershipEvent.Member(e.getKey(), e.getValue())).toList()));
        membership.updateNodelist(newer.nodelist(), now, out);
        quorum.onConfigChanged(newer.voters(), now, out);
    }
}
