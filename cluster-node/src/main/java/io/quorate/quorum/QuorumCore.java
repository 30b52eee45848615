package io.quorate.quorum;

import io.quorate.core.Outbox;
import io.quorate.events.QuorumEvent;
import io.quorate.protocol.ClusterMessage;
import io.quorate.protocol.RingId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Votequorum for one node, after corosync's {@code votequorum.c}: votes, expected votes, quorum =
 * floor(highest expected / 2) + 1, and the options two_node, wait_for_all, last_man_standing and
 * auto_tie_breaker. Deterministic: every input carries {@code now} and an {@link Outbox} that
 * receives the {@link QuorumEvent}s and messages of that step; nothing happens in between.
 *
 * <p>Where this differs from corosync on purpose:
 * <ul>
 *   <li>auto_tie_breaker favours the partition holding the lowest node id of the whole nodelist
 *       (corosync: of the last quorate view). Every node derives the same id from the same config,
 *       so two disjoint halves can never both win, whatever their histories.</li>
 *   <li>wait_for_all, once satisfied, stays satisfied while this core runs. corosync re-arms it on
 *       quorum loss and lets a node off again when a quorate peer vouches for it; heartbeats do not
 *       carry that vouching, and without it a re-armed node would sit inquorate inside a quorate view.</li>
 *   <li>a last_man_standing window is dropped when quorum is lost (corosync lets it run and ignores
 *       its end on an inquorate node), so {@link #nextDeadline} shows only work that can happen.</li>
 *   <li>heartbeats are not ordered with {@code SetExpectedVotes}, so a member's older, higher value
 *       is ignored until it is seen adopting the new one (see {@link PeerExpectations}).</li>
 * </ul>
 */
public final class QuorumCore {
    private final int localNodeId;
    private VoterConfig config;
    private ActiveOptions options;

    private RingId ring = RingId.NONE;
    private SortedSet<Integer> members = new TreeSet<>();
    /** Members of the view before the current one: auto_tie_breaker's guard against a stale half. */
    private int previousMemberCount;

    private int expectedVotes;
    private final PeerExpectations peers = new PeerExpectations();
    private int quorum;
    private boolean quorate;
    private WaitForAll waitForAll;
    private final LastManStandingWindow lastManStanding = new LastManStandingWindow();

    /** Replaced only when a fact in it changed, so polling it on each heartbeat costs nothing. */
    private QuorumStatus status;

    public QuorumCore(int localNodeId, VoterConfig config) {
        this.localNodeId = localNodeId;
        this.config = config;
        this.options = ActiveOptions.of(config);
        this.expectedVotes = config.configuredExpectedVotes();
        this.waitForAll = WaitForAll.atStart(options.waitForAll());
        // No view yet: no votes, not quorate, until membership agrees on one.
        this.quorum = quorumFor(expectedVotes, 0, true);
    }

    /** A new agreed membership view. */
    public void onViewInstalled(RingId newRing, Set<Integer> newMembers, long now, Outbox out) {
        SortedSet<Integer> next = new TreeSet<>(newMembers);
        SortedSet<Integer> left = difference(members, next);
        SortedSet<Integer> joined = difference(next, members);
        int expectedBefore = expectedVotes;

        considerLastManStanding(next, !left.isEmpty(), now); // judged on the quorum before the change, as corosync
        previousMemberCount = members.size();
        ring = newRing;
        members = next;
        peers.newView(next);

        left.forEach(id -> out.emit(new QuorumEvent.VoteWithdrawn(id, config.nameOf(id), config.votesOf(id))));
        joined.forEach(id -> out.emit(new QuorumEvent.VoteCounted(id, config.nameOf(id), config.votesOf(id))));
        settle(false, ExpectedChangeReason.TOTAL_VOTES, expectedBefore, out);
    }

    /** A member's heartbeat announced its expected votes. */
    public void onPeerExpectedVotes(int nodeId, int expected, long now, Outbox out) {
        if (nodeId == localNodeId || !members.contains(nodeId) || expected < 1) {
            return;
        }
        switch (peers.announce(nodeId, expected, expectedVotes)) {
            case UNCHANGED -> {
            }
            case STALE -> out.send(nodeId, new ClusterMessage.SetExpectedVotes(peers.awaited(nodeId).orElseThrow()));
            case RAISED -> settle(false, ExpectedChangeReason.PEER, expectedVotes, out);
            case LOWERED -> settle(true, ExpectedChangeReason.PEER, expectedVotes, out);
        }
    }

    /**
     * {@code cm expected <n>} ({@code pvecm expected}, {@code corosync-quorumtool -e}): validated as
     * corosync 3.1 does, applied here and announced to the other members.
     */
    public SetExpectedResult setExpectedVotes(int expected, long now, Outbox out) {
        Optional<String> refusal = refusalOf(expected);
        if (refusal.isPresent()) {
            return SetExpectedResult.refused(expected, refusal.get());
        }
        adopt(expected, ExpectedChangeReason.ADMIN, localNodeId, out);
        out.broadcast(new ClusterMessage.SetExpectedVotes(expected));
        return SetExpectedResult.accepted(expectedVotes, quorum);
    }

    /** Another member ran {@code cm expected}; like corosync, a member's value is taken without checks. */
    public void onSetExpectedVotes(int fromNodeId, int expected, long now, Outbox out) {
        if (fromNodeId == localNodeId || !members.contains(fromNodeId) || expected < 1) {
            return;
        }
        adopt(expected, ExpectedChangeReason.PEER, fromNodeId, out);
    }

    /**
     * A new nodelist or quorum options (config_version bump). When the configured expected votes
     * change, they replace this node's current value (and with it any admin or last_man_standing
     * override); otherwise an override survives unrelated edits.
     */
    public void onConfigChanged(VoterConfig newConfig, long now, Outbox out) {
        int expectedBefore = expectedVotes;
        boolean expectedChanged = newConfig.configuredExpectedVotes() != config.configuredExpectedVotes();
        boolean votesChanged = !votesByNode(newConfig).equals(votesByNode(config));
        config = newConfig;
        options = ActiveOptions.of(newConfig);
        waitForAll = waitForAll.reconfigured(options.waitForAll());
        if (!options.lastManStanding()) {
            lastManStanding.cancel();
        }
        if (expectedChanged) {
            expectedVotes = newConfig.configuredExpectedVotes();
            peers.assumeAll(otherMembers(), expectedVotes);
        }
        settle(expectedChanged || votesChanged, ExpectedChangeReason.CONFIG, expectedBefore, out);
    }

    /** Ends a last_man_standing window that is due (a window only runs while this node is quorate). */
    public void tick(long now, Outbox out) {
        if (!lastManStanding.hasEnded(now)) {
            return;
        }
        lastManStanding.cancel();
        // Expected votes follow the smaller view down. Every node has one vote under
        // last_man_standing, so the votes present are also the nodes present.
        int expectedBefore = expectedVotes;
        expectedVotes = totalVotes();
        peers.assumeAll(otherMembers(), expectedVotes);
        settle(true, ExpectedChangeReason.LAST_MAN_STANDING, expectedBefore, out);
    }

    /** When {@link #tick} next has work, or {@link Long#MAX_VALUE} when nothing is pending. */
    public long nextDeadline() {
        return lastManStanding.endsAt();
    }

    public QuorumStatus status() {
        if (status == null) {
            status = snapshot();
        }
        return status;
    }

    private QuorumStatus snapshot() {
        List<QuorumStatus.Member> memberList = members.stream()
                .map(id -> new QuorumStatus.Member(id, config.nameOf(id), config.votesOf(id)))
                .toList();
        return new QuorumStatus(localNodeId, ring, memberList, expectedVotes, highestExpected(), totalVotes(), quorum,
                quorate, options.flags(quorate));
    }

    /** Why {@code cm expected} must refuse a value, if it must (corosync 3.1's setexpected checks). */
    private Optional<String> refusalOf(int expected) {
        if (expected < 1) {
            return Optional.of("expected votes must be at least 1, not " + expected);
        }
        int total = totalVotes();
        if (expected < total) {
            return Optional.of("expected votes " + expected + " is lower than the " + total
                    + " votes already present in the membership");
        }
        int newQuorum = quorumFor(expected, total, true);
        if (quorate && newQuorum > total) {
            return Optional.of("expected votes " + expected + " would need quorum " + newQuorum + " but only " + total
                    + " votes are present");
        }
        return Optional.empty();
    }

    /** Takes a new expected value for this node and every member, as corosync's reconfigure message. */
    private void adopt(int expected, ExpectedChangeReason reason, int origin, Outbox out) {
        int expectedBefore = expectedVotes;
        expectedVotes = expected;
        peers.assumeAll(otherMembers(), expected);
        settle(true, reason, expectedBefore, out);
        List<Integer> yetToAdopt = otherMembers().stream().filter(id -> id != origin).toList();
        peers.awaitAdoption(yetToAdopt, expectedVotes);
    }

    /**
     * Recomputes quorum after any change and emits what changed: expected votes first, then a quorum
     * transition.
     *
     * @param allowDecrease whether quorum may go down; only an admin, a config or last_man_standing
     *                      may lower it, never a node going away
     */
    private void settle(boolean allowDecrease, ExpectedChangeReason reason, int expectedBefore, Outbox out) {
        int total = totalVotes();
        if (total > expectedVotes) {
            expectedVotes = total; // corosync keeps expected votes at least at the votes present
        }
        quorum = quorumFor(highestExpected(), total, allowDecrease);
        boolean wasQuorate = quorate;
        quorate = decideQuorate(total);
        if (!quorate) {
            lastManStanding.cancel(); // its end would only lower expected votes of a quorate node
        }
        QuorumStatus fresh = snapshot();
        if (!fresh.equals(status)) {
            status = fresh;
        }
        if (expectedVotes != expectedBefore) {
            out.emit(new QuorumEvent.ExpectedChanged(expectedBefore, expectedVotes, quorum, reason.eventName()));
        }
        if (quorate != wasQuorate) {
            String ringId = ring.toString();
            out.emit(quorate ? new QuorumEvent.Gained(ringId, status.votes()) : new QuorumEvent.Lost(ringId, status.votes()));
        }
    }

    /** corosync's calculate_quorum. */
    private int quorumFor(int highestExpected, int total, boolean allowDecrease) {
        int newQuorum = Math.max(majorityOf(highestExpected), majorityOf(total));
        if (!allowDecrease) {
            newQuorum = Math.max(quorum, newQuorum);
        }
        if (options.twoNode() && members.size() <= 2) {
            newQuorum = 1; // either node keeps quorum alone; fencing decides which one survives
        }
        return newQuorum;
    }

    /** floor(votes / 2) + 1, written as corosync writes it. */
    private static int majorityOf(int votes) {
        return (votes + 2) / 2;
    }

    /** corosync's are_we_quorate. */
    private boolean decideQuorate(int total) {
        if (waitForAll.blocksQuorum()) {
            if (total != expectedVotes) {
                return false;
            }
            waitForAll = WaitForAll.SATISFIED;
        }
        return total >= quorum || tieBreakerWins(total);
    }

    /**
     * auto_tie_breaker: on an exact half split, the half holding the lowest node id of the nodelist
     * is quorate, unless so many nodes just left that the other side might hold a quorum.
     */
    private boolean tieBreakerWins(int total) {
        if (!options.autoTieBreaker()) {
            return false;
        }
        int highest = highestExpected();
        boolean exactHalf = highest % 2 == 0 && total * 2 == highest;
        boolean otherSideLacksQuorum = previousMemberCount - members.size() < quorum;
        return exactHalf && otherSideLacksQuorum && members.contains(config.lowestNodeId());
    }

    /**
     * corosync's sync_init rule: (re)start the window when nodes left but as many nodes as the quorum
     * remain, or when this is the tie-breaker side of a split. Other views leave a running window be.
     */
    private void considerLastManStanding(SortedSet<Integer> next, boolean someoneLeft, long now) {
        if (!options.lastManStanding()) {
            return;
        }
        boolean enoughNodesRemain = someoneLeft && next.size() >= quorum;
        boolean tieBreakerSide = options.autoTieBreaker() && next.size() <= quorum
                && next.contains(config.lowestNodeId());
        if (enoughNodesRemain || tieBreakerSide) {
            lastManStanding.restart(now, options.lastManStandingWindowMs());
        }
    }

    private int highestExpected() {
        return peers.highest(expectedVotes, otherMembers());
    }

    private int totalVotes() {
        return members.stream().mapToInt(config::votesOf).sum();
    }

    private List<Integer> otherMembers() {
        return members.stream().filter(id -> id != localNodeId).toList();
    }

    private static Map<Integer, Integer> votesByNode(VoterConfig voters) {
        return voters.voters().stream().collect(Collectors.toMap(Voter::nodeId, Voter::votes));
    }

    private static SortedSet<Integer> difference(Set<Integer> from, Set<Integer> minus) {
        SortedSet<Integer> result = new TreeSet<>(from);
        result.removeAll(minus);
        return result;
    }
}
