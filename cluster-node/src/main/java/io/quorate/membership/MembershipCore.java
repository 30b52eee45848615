package io.quorate.membership;

import io.quorate.core.Effect;
import io.quorate.core.Outbox;
import io.quorate.events.HeartbeatEvent;
import io.quorate.events.MembershipEvent;
import io.quorate.events.MembershipEvent.Member;
import io.quorate.protocol.ClusterMessage;
import io.quorate.protocol.ClusterMessage.Heartbeat;
import io.quorate.protocol.ClusterMessage.ViewAck;
import io.quorate.protocol.ClusterMessage.ViewCommit;
import io.quorate.protocol.ClusterMessage.ViewProposal;
import io.quorate.protocol.RingId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Corosync's role: failure detection and agreed membership views, as a deterministic state machine.
 *
 * <p>Every node heartbeats every configured peer and reports whom it hears. From those reports each
 * node computes the view it wants (a mutual-reachability clique, see {@link ViewCandidate}); the
 * lowest node id of that view is its representative and the only node that proposes it. A proposal
 * carries a fresh ring id minted by the representative (sequence above any it has seen, persisted
 * before use), members acknowledge it when they can reach every proposed member, and the
 * representative commits once all have acknowledged. So the same ring id always means the same
 * members. A node left out of every proposal (non-transitive link failures) installs a view of
 * itself alone after the consensus timeout, so it never keeps claiming a view it has lost.
 *
 * <p>Not thread-safe: one driver calls it serially. No clock, no I/O: time comes in as {@code now}
 * (ms, the node's monotonic clock) and everything to do goes out through the {@link Outbox}.
 */
public final class MembershipCore {
    private static final long NEVER = Long.MIN_VALUE;

    private final int self;
    private final MembershipTimers timers;
    private final RandomGenerator random;
    private final HeartbeatContent heartbeatContent;
    private final ViewListener listener;
    private final Map<Integer, PeerState> peers = new TreeMap<>();
    private Map<Integer, String> names;

    private View installed = View.NONE;
    private long installedAt;
    private long highestSequence;
    private RingId promised = RingId.NONE;
    private long promiseExpiresAt = NEVER;
    private Proposal pending;
    /** A proposal held back because it would leave reachable members of our view behind. */
    private ViewProposal deferred;
    private long nextProposalAt = NEVER;
    /** Proposals abandoned in a row since the last installed view: drives the retry backoff. */
    private int failedProposals;
    private long unsettledSince = NEVER;
    private long nextHeartbeatAt;
    private long lastTickAt = NEVER;
    /** The view this node last wanted, and since when: merges wait until it has settled. */
    private SortedSet<Integer> lastWanted = new TreeSet<>();
    private long wantedSince;
    private boolean stopped;

    /**
     * @param nodelist         configured nodes (id → name), this node included
     * @param highestSequence  the highest ring sequence this node recorded before it last stopped
     */
    public MembershipCore(int self, Map<Integer, String> nodelist, MembershipTimers timers, long highestSequence,
                          RandomGenerator random, HeartbeatContent heartbeatContent, ViewListener listener) {
        if (!nodelist.containsKey(self)) {
            throw new IllegalArgumentException("node id " + self + " is not in the nodelist " + nodelist.keySet());
        }
        this.self = self;
        this.timers = timers;
        this.random = random;
        this.heartbeatContent = heartbeatContent;
        this.listener = listener;
        this.highestSequence = highestSequence;
        applyNodelist(nodelist);
    }

    /** Installs a view of this node alone and sends the first heartbeats. */
    public void start(long now, Outbox out) {
        installAlone(now, out);
        sendHeartbeats(now, out);
    }

    /** Clean stop: tells the peers to drop this node at once. */
    public void leave(Outbox out) {
        if (!stopped) {
            stopped = true;
            out.broadcast(new ClusterMessage.Leave());
        }
    }

    public void tick(long now, Outbox out) {
        if (stopped) {
            return;
        }
        lastTickAt = now;
        if (now >= nextHeartbeatAt) {
            sendHeartbeats(now, out);
        }
        detectFailures(now, out);
        if (pending != null && now >= pending.deadline) {
            out.emit(new MembershipEvent.ViewAbandoned(pending.ring.toString(), pending.missingAcks()));
            pending = null;
            // Back off while proposals keep failing (a lasting non-transitive partition would
            // otherwise retry every timeout), capped at one token so repairs stay quick; jitter so
            // two representatives with stale knowledge do not retry in lock step.
            failedProposals = Math.min(failedProposals + 1, 3);
            long backoff = (timers.heartbeatMs() << failedProposals) - timers.heartbeatMs();
            nextProposalAt = now + Math.min(backoff, timers.tokenMs()) + random.nextLong(timers.heartbeatMs() + 1);
        }
        evaluate(now, out);
    }

    /** A message from a configured peer whose packet was authenticated by the driver. */
    public void receive(int from, ClusterMessage message, long now, Outbox out) {
        PeerState peer = peers.get(from);
        if (stopped || peer == null) {
            return;
        }
        if (message instanceof Heartbeat heartbeat) {
            onHeartbeat(peer, heartbeat, now, out);
        } else if (message instanceof ViewProposal proposal) {
            onProposal(from, proposal, now, out);
        } else if (message instanceof ViewAck ack) {
            onAck(from, ack, now, out);
        } else if (message instanceof ViewCommit commit) {
            onCommit(from, commit, now, out);
        } else if (message instanceof ClusterMessage.Leave) {
            peer.forget();
            peer.leftCleanly = true;
            abandonProposalWith(from, out);
            evaluate(now, out);
        }
        // quorum and config messages belong to other cores
    }

    /** A new nodelist (config_version change): peers appear or disappear. */
    public void updateNodelist(Map<Integer, String> nodelist, long now, Outbox out) {
        applyNodelist(nodelist);
        evaluate(now, out);
    }

    /**
     * The earliest local time at which {@link #tick} has something to do. Moments not after the last
     * tick are left out: that tick already handled them, and offering them again would make a
     * driver tick in a loop.
     */
    public long nextDeadline() {
        if (stopped) {
            return Long.MAX_VALUE;
        }
        long deadline = nextHeartbeatAt;
        for (PeerState peer : peers.values()) {
            if (peer.alive) {
                deadline = earliest(deadline, peer.lastHeardAt + timers.tokenMs() + 1);
            }
        }
        if (pending != null) {
            deadline = earliest(deadline, pending.deadline);
        } else if (nextProposalAt != NEVER) {
            deadline = earliest(deadline, nextProposalAt);
        }
        if (unsettledSince != NEVER) {
            deadline = earliest(deadline, unsettledSince + timers.consensusMs());
        }
        if (!installed.members().containsAll(lastWanted)) {
            deadline = earliest(deadline, wantedSince + mergeSettleMs());
        }
        if (installed.members().size() > 1) {
            deadline = earliest(deadline, installedAt + confirmationGraceMs() + 1);
        }
        return deadline;
    }

    private long earliest(long current, long candidate) {
        return candidate > lastTickAt ? Math.min(current, candidate) : current;
    }

    public View view() {
        return installed;
    }

    /**
     * The members of our view that are really in it: ourselves, and every member whose latest
     * heartbeat reports our ring (all of them during two heartbeat intervals after install, while
     * that news travels). A member that missed our commit or moved to another view drops out here
     * at once, so its vote is not counted in two places while the view is being repaired.
     */
    public SortedSet<Integer> confirmedMembers(long now) {
        if (now - installedAt <= confirmationGraceMs()) {
            return installed.members();
        }
        SortedSet<Integer> confirmed = new TreeSet<>();
        for (int member : installed.members()) {
            PeerState peer = peers.get(member);
            if (member == self || (peer != null && peer.installed.equals(installed.ring()))) {
                confirmed.add(member);
            }
        }
        return confirmed;
    }

    private long confirmationGraceMs() {
        return 2 * timers.heartbeatMs();
    }

    public long highestSequence() {
        return highestSequence;
    }

    public int localNodeId() {
        return self;
    }

    private void applyNodelist(Map<Integer, String> nodelist) {
        names = Map.copyOf(nodelist);
        peers.keySet().retainAll(nodelist.keySet());
        for (int id : nodelist.keySet()) {
            if (id != self) {
                peers.computeIfAbsent(id, PeerState::new);
            }
        }
    }

    private void onHeartbeat(PeerState peer, Heartbeat heartbeat, long now, Outbox out) {
        if (heartbeat.echoSentAt() >= 0) {
            peer.lastRttMs = Math.max(0, now - heartbeat.echoSentAt() - heartbeat.echoHeldMs());
        }
        peer.heard(heartbeat, now);
        noteSequence(heartbeat.highestSequence(), out);
        out.emit(new HeartbeatEvent.Received(peer.nodeId, nameOf(peer.nodeId), peer.lastRttMs));
        evaluate(now, out);
    }

    private void onProposal(int from, ViewProposal proposal, long now, Outbox out) {
        RingId ring = proposal.ring();
        noteSequence(ring.sequence(), out);
        SortedSet<Integer> members = new TreeSet<>(proposal.members());
        boolean wellFormed = ring.representative() == from && !members.isEmpty() && members.first() == from;
        if (!wellFormed || !members.contains(self) || !ring.isAfter(installed.ring())) {
            return;
        }
        if (now < promiseExpiresAt && promised.isAfter(ring)) {
            return;
        }
        if (!ViewCandidate.mutual(self, peers).containsAll(members)) {
            return; // we cannot talk to every proposed member: such a view would not hold
        }
        if (!keepsReachableMembers(members)) {
            // Two representatives whose cliques overlap would otherwise pull us back and forth.
            // Answer once the members left behind are gone or have moved on (see evaluate).
            deferred = proposal;
            return;
        }
        acknowledge(from, ring, now, out);
    }

    private void acknowledge(int from, RingId ring, long now, Outbox out) {
        deferred = null;
        promised = ring;
        promiseExpiresAt = now + timers.consensusMs();
        if (pending != null && ring.isAfter(pending.ring)) {
            pending = null; // a newer proposal that includes us supersedes ours
        }
        out.send(from, new ViewAck(ring));
    }

    /** Whether a proposal keeps every member of our view that still hears us and still reports our ring. */
    private boolean keepsReachableMembers(Collection<Integer> proposed) {
        for (int member : installed.members()) {
            PeerState peer = peers.get(member);
            if (member != self && !proposed.contains(member) && peer != null && peer.reportsHearing(self)
                    && peer.installed.equals(installed.ring())) {
                return false;
            }
        }
        return true;
    }

    /** Acknowledges a deferred proposal once it no longer leaves anyone behind, or drops it when stale. */
    private void answerDeferred(long now, Outbox out) {
        if (deferred == null) {
            return;
        }
        ViewProposal proposal = deferred;
        PeerState proposer = peers.get(proposal.ring().representative());
        if (proposer == null || !proposer.alive || !proposal.ring().isAfter(installed.ring())
                || (now < promiseExpiresAt && promised.isAfter(proposal.ring()))
                || !ViewCandidate.mutual(self, peers).containsAll(proposal.members())) {
            deferred = null;
        } else if (keepsReachableMembers(proposal.members())) {
            acknowledge(proposal.ring().representative(), proposal.ring(), now, out);
        }
    }

    private void onAck(int from, ViewAck ack, long now, Outbox out) {
        if (pending == null || !pending.ring.equals(ack.ring()) || !pending.members.contains(from)) {
            return;
        }
        pending.acks.add(from);
        if (pending.complete()) {
            Proposal done = pending;
            pending = null;
            List<Integer> members = List.copyOf(done.members);
            for (int member : done.members) {
                if (member != self) {
                    out.send(member, new ViewCommit(done.ring, members));
                }
            }
            install(new View(done.ring, done.members), now, out);
        }
    }

    private void onCommit(int from, ViewCommit commit, long now, Outbox out) {
        RingId ring = commit.ring();
        if (ring.representative() == from && commit.members().contains(self) && ring.isAfter(installed.ring())) {
            install(new View(ring, new TreeSet<>(commit.members())), now, out);
        }
    }

    private void detectFailures(long now, Outbox out) {
        for (PeerState peer : peers.values()) {
            if (peer.alive && now - peer.lastHeardAt > timers.tokenMs()) {
                long silent = now - peer.lastHeardAt;
                peer.forget();
                out.emit(new MembershipEvent.PeerSuspected(peer.nodeId, nameOf(peer.nodeId), silent));
                abandonProposalWith(peer.nodeId, out);
            }
        }
    }

    /**
     * A proposal that includes a node we no longer hear can never complete: give it up now rather
     * than at its timeout, so the view without that node is proposed in the same step.
     */
    private void abandonProposalWith(int nodeId, Outbox out) {
        if (pending != null && pending.members.contains(nodeId)) {
            out.emit(new MembershipEvent.ViewAbandoned(pending.ring.toString(), pending.missingAcks()));
            pending = null;
        }
    }

    /** Decides, after any change of knowledge, whether to propose a view or give up on the current one. */
    private void evaluate(long now, Outbox out) {
        if (stopped) {
            return;
        }
        answerDeferred(now, out);
        SortedSet<Integer> mutual = ViewCandidate.mutual(self, peers);
        boolean settled = installed != View.NONE && mutual.containsAll(installed.members());
        if (settled) {
            unsettledSince = NEVER;
        } else if (unsettledSince == NEVER) {
            unsettledSince = now;
        }
        SortedSet<Integer> wanted = ViewCandidate.choose(self, peers);
        if (!wanted.equals(lastWanted)) {
            lastWanted = wanted;
            wantedSince = now;
        }
        int representative = wanted.first();
        if (representative == self) {
            if (pending == null && now >= nextProposalAt && needsNewView(wanted, now) && settled(wanted, now)) {
                propose(wanted, now, out);
            }
        } else if (!settled && (now - unsettledSince >= timers.consensusMs()
                || (representativeMovedOn(representative) && now - unsettledSince >= timers.heartbeatMs()))) {
            installAlone(now, out);
        }
    }

    private boolean needsNewView(SortedSet<Integer> wanted, long now) {
        if (!wanted.equals(installed.members())) {
            return true;
        }
        // A member that reports another ring missed our commit or moved on.
        return !confirmedMembers(now).equals(installed.members());
    }

    /**
     * Views that only drop members are proposed at once (failure detection speed). A view that adds
     * members waits until what we want has been stable for {@link #mergeSettleMs()}: right after a
     * heal or a restart, reports of who hears whom arrive over one heartbeat interval, and proposing
     * on the first of them would pull nodes out of a quorate view into a smaller one for a moment.
     */
    private boolean settled(SortedSet<Integer> wanted, long now) {
        return installed.members().containsAll(wanted) || now - wantedSince >= mergeSettleMs();
    }

    private long mergeSettleMs() {
        return 2 * timers.heartbeatMs();
    }

    private boolean representativeMovedOn(int representative) {
        PeerState peer = peers.get(representative);
        return peer != null && peer.installed.isAfter(installed.ring());
    }

    private void propose(SortedSet<Integer> members, long now, Outbox out) {
        RingId ring = mintRing(out);
        out.emit(new MembershipEvent.ViewProposed(ring.toString(), List.copyOf(members)));
        if (members.size() == 1) {
            install(new View(ring, members), now, out);
            return;
        }
        promised = ring;
        promiseExpiresAt = now + timers.consensusMs();
        pending = new Proposal(ring, members, self, now + timers.proposalTimeoutMs());
        List<Integer> memberList = List.copyOf(members);
        for (int member : members) {
            if (member != self) {
                out.send(member, new ViewProposal(ring, memberList));
            }
        }
    }

    private void installAlone(long now, Outbox out) {
        SortedSet<Integer> alone = new TreeSet<>();
        alone.add(self);
        pending = null;
        install(new View(mintRing(out), alone), now, out);
    }

    private RingId mintRing(Outbox out) {
        noteSequence(highestSequence + 1, out);
        return new RingId(self, highestSequence);
    }

    private void noteSequence(long sequence, Outbox out) {
        if (sequence > highestSequence) {
            highestSequence = sequence;
            out.request(new Effect.PersistRingSequence(sequence));
        }
    }

    private void install(View view, long now, Outbox out) {
        View previous = installed;
        installed = view;
        installedAt = now;
        unsettledSince = NEVER;
        nextProposalAt = NEVER;
        failedProposals = 0;
        noteSequence(view.ring().sequence(), out);
        if (pending != null && !pending.ring.isAfter(view.ring())) {
            pending = null;
        }
        String ring = view.ring().toString();
        for (int left : previous.members()) {
            if (!view.contains(left)) {
                PeerState peer = peers.get(left);
                String reason = peer != null && peer.leftCleanly ? "left" : "failed";
                out.emit(new MembershipEvent.MemberLeft(left, nameOf(left), ring, reason));
            }
        }
        for (int joined : view.members()) {
            if (!previous.contains(joined)) {
                out.emit(new MembershipEvent.MemberJoined(joined, nameOf(joined), ring));
            }
        }
        out.emit(new MembershipEvent.ViewAgreed(ring, view.ring().representative(), view.ring().sequence(), members(view)));
        listener.onViewInstalled(view, now, out);
    }

    private void sendHeartbeats(long now, Outbox out) {
        nextHeartbeatAt = now + timers.heartbeatMs();
        List<Integer> hearing = new ArrayList<>();
        hearing.add(self);
        peers.values().stream().filter(p -> p.alive).forEach(p -> hearing.add(p.nodeId));
        hearing.sort(null);
        long configVersion = heartbeatContent.configVersion();
        int expectedVotes = heartbeatContent.expectedVotes();
        for (PeerState peer : peers.values()) {
            long held = peer.lastPeerSentAt < 0 ? 0 : now - peer.lastPeerHeartbeatReceivedAt;
            out.send(peer.nodeId, new Heartbeat(now, peer.lastPeerSentAt, held, installed.ring(), highestSequence,
                    hearing, configVersion, expectedVotes));
            out.emit(new HeartbeatEvent.Sent(peer.nodeId, nameOf(peer.nodeId)));
        }
    }

    private List<Member> members(View view) {
        return view.members().stream().map(id -> new Member(id, nameOf(id))).toList();
    }

    private String nameOf(int nodeId) {
        return names.getOrDefault(nodeId, "node" + nodeId);
    }
}
