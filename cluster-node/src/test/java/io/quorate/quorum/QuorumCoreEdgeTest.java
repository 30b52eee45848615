package io.quorate.quorum;

import static io.quorate.quorum.QuorumFixture.names;
import static io.quorate.quorum.QuorumFixture.nodes;
import static io.quorate.quorum.QuorumFixture.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.core.Outbox;
import io.quorate.events.EventData;
import io.quorate.events.QuorumEvent;
import io.quorate.protocol.ClusterMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The votequorum behaviour around the edges: announcements in flight, latches and switched-off options. */
class QuorumCoreEdgeTest {

    @Test
    void highestExpectedIsTheMaximumOverTheMembersOnly() {
        QuorumFixture node = new QuorumFixture(1, nodes(5, QuorumFixture.PLAIN));
        node.view(0, 1, 2, 3);
        node.step(() -> node.core.onPeerExpectedVotes(2, 6, 1, node.out));
        node.step(() -> node.core.onPeerExpectedVotes(4, 9, 1, node.out));
        assertEquals(6, node.status().highestExpected(), "node 4 is outside the view");
        assertEquals(5, node.status().expectedVotes(), "a peer's value is not this node's own");
        assertEquals(4, node.status().quorum());
        assertFalse(node.status().quorate());
    }

    @Test
    void anAnnouncementSentBeforeAPeerAdoptedTheNewValueIsStaleAndTheValueIsSentAgain() {
        QuorumFixture node = new QuorumFixture(1, nodes(5, QuorumFixture.PLAIN));
        node.view(0, 1, 2);
        node.step(() -> node.core.setExpectedVotes(2, 1, node.out));
        assertTrue(node.status().quorate());

        List<EventData> stale = node.step(() -> node.core.onPeerExpectedVotes(2, 5, 2, node.out));
        assertEquals(List.of(), stale, "the old value must not take quorum away again");
        assertEquals(List.of(new Outbox.Outgoing(2, new ClusterMessage.SetExpectedVotes(2))), node.out.messages());
        assertEquals(2, node.status().highestExpected());

        assertEquals(List.of(), node.step(() -> node.core.onPeerExpectedVotes(2, 2, 3, node.out)));
        assertTrue(node.out.messages().isEmpty(), "adopted: nothing more to send");
        node.step(() -> node.core.onPeerExpectedVotes(2, 3, 4, node.out));
        assertEquals(3, node.status().highestExpected(), "after adoption announcements count again");
    }

    @Test
    void cmExpectedRefusesLessThanTheVotesPresent() {
        QuorumFixture node = new QuorumFixture(1, nodes(3, QuorumFixture.PLAIN));
        node.view(0, 1, 2, 3);
        node.out.clear();
        SetExpectedResult result = node.core.setExpectedVotes(1, 1, node.out);
        assertFalse(result.accepted());
        assertEquals("refused: expected votes 1 is lower than the 3 votes already present in the membership",
                result.toString());
        assertTrue(node.out.isEmpty());
    }

    @Test
    void cmExpectedMayRaiseExpectedVotesOfAnInquorateNode() {
        QuorumFixture node = new QuorumFixture(1, nodes(3, QuorumFixture.PLAIN));
        node.view(0, 1);
        SetExpectedResult result = node.core.setExpectedVotes(5, 1, node.out);
        assertTrue(result.accepted(), "corosync 3.1 only guards a quorate cluster against losing quorum");
        assertEquals(5, node.status().expectedVotes());
        assertEquals(3, node.status().quorum());
    }

    @Test
    void waitForAllOnceSatisfiedStaysSatisfied() {
        QuorumFixture node = new QuorumFixture(1, nodes(3, options(null, false, true, false, false)));
        node.view(0, 1, 2, 3);
        node.view(1, 1);
        assertFalse(node.status().quorate());
        assertEquals("VoteCounted,Gained", names(node.view(2, 1, 2)));
    }

    @Test
    void lastManStandingIsOffWhenANodeHasMoreThanOneVote() {
        List<Voter> voters = List.of(new Voter(1, "cs1", 2), new Voter(2, "cs2", 1), new Voter(3, "cs3", 1),
                new Voter(4, "cs4", 1));
        QuorumFixture node = new QuorumFixture(1, new VoterConfig(voters, options(null, false, false, true, false)));
        node.view(0, 1, 2, 3, 4);
        node.view(1, 1, 2, 3);
        assertTrue(node.status().quorate());
        assertEquals(Long.MAX_VALUE, node.core.nextDeadline());
        assertEquals(List.of("Quorate"), node.status().flags());
    }

    @Test
    void aConfigWithoutLastManStandingCancelsTheWindow() {
        QuorumFixture node = new QuorumFixture(1, nodes(5, options(null, false, false, true, false)));
        node.view(0, 1, 2, 3, 4, 5);
        node.view(0, 1, 2, 3, 4);
        assertEquals(10_000, node.core.nextDeadline());
        node.step(() -> node.core.onConfigChanged(nodes(5, QuorumFixture.PLAIN), 1, node.out));
        assertEquals(Long.MAX_VALUE, node.core.nextDeadline());
        assertEquals(List.of(), node.step(() -> node.core.tick(10_000, node.out)));
        assertEquals(5, node.status().expectedVotes());
    }

    @Test
    void aConfigEditThatKeepsExpectedVotesKeepsAnAdminOverride() {
        QuorumFixture node = new QuorumFixture(1, nodes(3, QuorumFixture.PLAIN));
        node.view(0, 1);
        node.step(() -> node.core.setExpectedVotes(1, 1, node.out));
        List<Voter> renamed = List.of(new Voter(1, "pve1", 1), new Voter(2, "cs2", 1), new Voter(3, "cs3", 1));
        assertEquals(List.of(), node.step(() ->
                node.core.onConfigChanged(new VoterConfig(renamed, QuorumFixture.PLAIN), 2, node.out)));
        assertEquals(1, node.status().expectedVotes());
        assertEquals("pve1", node.status().members().get(0).name());
    }

    @Test
    void aMemberMissingFromTheNodelistCountsNoVotes() {
        QuorumFixture node = new QuorumFixture(1, nodes(3, QuorumFixture.PLAIN));
        List<EventData> events = node.view(0, 1, 2, 7);
        assertEquals(new QuorumEvent.VoteCounted(7, "node7", 0), events.get(2));
        assertEquals(2, node.status().totalVotes());
        assertTrue(node.status().quorate());
    }
}
