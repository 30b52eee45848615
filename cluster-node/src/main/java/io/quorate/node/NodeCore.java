package io.quorate.node;

import io.quorate.core.Effect;
import io.quorate.core.Outbox;
import io.quorate.events.MembershipEvent;
import io.quorate.membership.HeartbeatContent;
import io.quorate.membership.MembershipCore;
import io.quorate.membership.View;
import io.quorate.membership.ViewListener;
import io.quorate.protocol.ClusterMessage;
import io.quorate.protocol.ClusterMessage.ConfigOffer;
import io.quorate.protocol.ClusterMessage.ConfigRequest;
import io.quorate.protocol.ClusterMessage.Heartbeat;
import io.quorate.protocol.ClusterMessage.SetExpectedVotes;
import io.quorate.quorum.QuorumCore;
import io.quorate.quorum.QuorumStatus;
import io.quorate.quorum.SetExpectedResult;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One cluster node's deterministic logic: membership, votequorum and the spreading of
 * corosync.conf (the higher config_version wins, as in Proxmox). Drivers (Vert.x runtime,
 * simulator) feed it messages and time and carry out what it leaves in the {@link Outbox}.
 */
public final class NodeCore implements HeartbeatContent, ViewListener {
    private final int self;
    private final ClusterSpec.Parser parser;
    private final MembershipCore membership;
    private final QuorumCore quorum;
    /** When we last asked each peer for its newer config, so a slow answer is not asked for on every heartbeat. */
    private final Map<Integer, Long> configRequestedAt = new HashMap<>();
    private ClusterSpec spec;
    /** The view members whose votes quorum counts: see {@link MembershipCore#confirmedMembers}. */
    private java.util.SortedSet<Integer> counted = new java.util.TreeSet<>();

    public NodeCore(int self, ClusterSpec spec, long highestRingSequence, RandomGenerator random, ClusterSpec.Parser parser) {
        this.self = self;
        this.spec = spec;
        this.parser = parser;
        this.quorum = new QuorumCore(self, spec.voters());
        this.membership = new MembershipCore(self, spec.nodelist(), spec.timers(), highestRingSequence, random, this, this);
    }

    public void start(long now, Outbox out) {
        membership.start(now, out);
    }

    public void tick(long now, Outbox out) {
        membership.tick(now, out);
        recount(now, out);
        quorum.tick(now, out);
    }

    public void receive(int from, ClusterMessage message, long now, Outbox out) {
        if (spec.node(from).isEmpty()) {
            return;
        }
        if (message instanceof SetExpectedVotes set) {
            quorum.onSetExpectedVotes(from, set.expectedVotes(), now, out);
        } else if (message instanceof ConfigRequest request) {
            if (request.haveVersion() < spec.configVersion()) {
                out.send(from, new ConfigOffer(spec.configVersion(), spec.corosyncConf()));
            }
        } else if (message instanceof ConfigOffer offer) {
            onConfigOffer(offer, now, out);
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

    /**
     * Adopts a new corosync.conf made on this node (cm add / cm delnode) and spreads it. Refused when
     * its config_version is not above the current one.
     */
    public boolean adoptConfig(ClusterSpec newer, long now, Outbox out) {
        if (newer.configVersion() <= spec.configVersion()) {
            return false;
        }
        apply(newer, now, out);
        out.broadcast(new ConfigOffer(newer.configVersion(), newer.corosyncConf()));
        return true;
    }

    public long nextDeadline() {
        return Math.min(membership.nextDeadline(), quorum.nextDeadline());
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
        if (heartbeat.configVersion() > spec.configVersion()) {
            Long askedAt = configRequestedAt.get(from);
            if (askedAt == null || now - askedAt >= spec.timers().tokenMs()) {
                configRequestedAt.put(from, now);
                out.send(from, new ConfigRequest(spec.configVersion()));
            }
        }
    }

    private void onConfigOffer(ConfigOffer offer, long now, Outbox out) {
        if (offer.configVersion() <= spec.configVersion()) {
            return;
        }
        ClusterSpec offered;
        try {
            offered = parser.parse(offer.corosyncConf());
        } catch (Exception e) {
            out.emit(new MembershipEvent.PacketRejected("config_version " + offer.configVersion(),
                    "invalid corosync.conf: " + e.getMessage(), 1));
            return;
        }
        if (offered.configVersion() != offer.configVersion()) {
            return;
        }
        apply(offered, now, out);
    }

    private void apply(ClusterSpec newer, long now, Outbox out) {
        spec = newer;
        configRequestedAt.clear();
        out.request(new Effect.PersistClusterConfig(newer.configVersion(), newer.corosyncConf()));
        out.emit(new MembershipEvent.ConfigApplied(newer.configVersion(), newer.nodelist().entrySet().stream()
                .map(e -> new MembershipEvent.Member(e.getKey(), e.getValue())).toList()));
        membership.updateNodelist(newer.nodelist(), now, out);
        quorum.onConfigChanged(newer.voters(), now, out);
    }
}
