package io.quorate.quorum;

import static io.quorate.quorum.QuorumFixture.names;
import static io.quorate.quorum.QuorumFixture.nodes;
import static io.quorate.quorum.QuorumFixture.only;
import static io.quorate.quorum.QuorumFixture.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.core.Outbox;
import io.quorate.events.EventData;
import io.quorate.events.QuorumEvent;
import io.quorate.events.QuorumEvent.ExpectedChanged;
import io.quorate.protocol.ClusterMessage;
import io.quorate.protocol.RingId;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class QuorumCoreTest {

    @Test
    void beforeTheFirstViewNothingIsQuorate() {
        QuorumFixture node = new QuorumFixture(1, nodes(3, QuorumFixture.PLAIN));
        QuorumStatus status = node.status();
        assertEquals(RingId.NONE, status.ring());
        assertEquals(0, status.nodes());
        assertFalse(status.quorate());
        assertEquals(3, status.expectedVotes());
        assertEquals(2, status.quorum());
        assertEquals(Long.MAX_VALUE, node.core.nextDeadline());
    }

    @Nested
    class Events {
        @Test
        void firstViewCountsEveryMemberThenGainsQuorumOnce() {
            QuorumFixture node = new QuorumFixture(1, nodes(3, QuorumFixture.PLAIN));
            List<EventData> events = node.view(0, 1, 2, 3);
            assertEquals("VoteCounted,VoteCounted,VoteCounted,Gained", names(events));
            assertEquals(new QuorumEvent.VoteCounted(2, "cs2", 1), events.get(1));
            QuorumEvent.Gained gained = (QuorumEvent.Gained) events.get(3);
            assertEquals(node.status().ring().toString(), gained.ringId());
            assertEquals(new QuorumEvent.Votes(3, 3, 3, 2, List.of("Quorate")), gained.votes());
        }

        @Test
        void losingMembersWithdrawsTheirVotesAndLosesQuorumOnce() {
            QuorumFixture node = new QuorumFixture(1, nodes(3, QuorumFixture.PLAIN));
            node.view(0, 1, 2, 3);
            assertEquals(List.of(new QuorumEvent.VoteWithdrawn(3, "cs3", 1)), node.view(1, 1, 2));
            List<EventData> events = node.view(2, 1);
            assertEquals("VoteWithdrawn,Lost", names(events));
            assertEquals(new QuorumEvent.Votes(3, 3, 1, 2, List.of()), ((QuorumEvent.Lost) events.get(1)).votes());
        }

        @Test
        void theSameViewAgainOrAnUnchangedAnnouncementEmitsNothing() {
            QuorumFixture node = new QuorumFixture(1, nodes(3, QuorumFixture.PLAIN));
            node.view(0, 1, 2, 3);
            QuorumStatus before = node.status();
            assertEquals(List.of(), node.step(() -> node.core.onViewInstalled(before.ring(), java.util.Set.of(1, 2, 3),
                    5, node.out)));
            assertEquals(List.of(), node.step(() -> node.core.onPeerExpectedVotes(2, 3, 5, node.out)));
            assertEquals(List.of(), node.step(() -> node.core.onPeerExpectedVotes(2, 3, 6, node.out)));
            assertSame(before, node.status(), "status is rebuilt only on change");
        }
    }

    @Nested
    class QuorumNeverFallsWithTheView {
        @Test
        void aDepartedPeerWithHigherExpectedVotesLeavesItsQuorumBehind() {
            QuorumFixture node = new QuorumFixture(1, nodes(5, QuorumFixture.PLAIN));
            node.view(0, 1, 2, 3, 4, 5);
            node.step(() -> node.core.onPeerExpectedVotes(2, 7, 1, node.out));
            assertEquals(7, node.status().highestExpected());
            assertEquals(4, node.status().quorum());

            node.view(2, 1, 3, 4, 5);
            assertEquals(5, node.status().highestExpected());
            assertEquals(4, node.status().quorum(), "the view change must not lower quorum");
            assertTrue(node.status().quorate());

            assertEquals("VoteWithdrawn,Lost", names(node.view(3, 1, 3, 4)));
        }

        @Test
        void aStaleHigherAnnouncementRaisesQuorumOnlyWhileItLasts() {
            QuorumFixture node = new QuorumFixture(1, nodes(3, QuorumFixture.PLAIN));
            node.view(0, 1, 2);
            node.step(() -> node.core.onPeerExpectedVotes(2, 5, 1, node.out));
            assertEquals(3, node.status().quorum());
            node.step(() -> node.core.onPeerExpectedVotes(2, 3, 2, node.out));
            assertEquals(2, node.status().quorum());
        }
    }

    @Nested
    class AdminExpected {
        @Test
        void loneNodeRecoversWithExpectedOne() {
            QuorumFixture node = new QuorumFixture(1, nodes(3, QuorumFixture.PLAIN));
            node.view(0, 1, 2, 3);
            node.view(1, 1);
            assertFalse(node.status().quorate());

            Outbox out = node.out;
            out.clear();
            SetExpectedResult result = node.core.setExpectedVotes(1, 2, out);
            assertTrue(result.accepted(), result.toString());
            assertEquals(List.of(new ExpectedChanged(3, 1, 1, "admin")), only(out.events(), ExpectedChanged.class));
            assertEquals("ExpectedChanged,Gained", names(out.events()));
            assertEquals(List.of(new Outbox.Outgoing(Outbox.ALL_PEERS, new ClusterMessage.SetExpectedVotes(1))),
                    out.messages());
            QuorumStatus status = node.status();
            assertEquals(1, status.expectedVotes());
            assertEquals(1, status.highestExpected());
            assertEquals(1, status.quorum());
            assertTrue(status.quorate());
        }

        @Test
        void twoNodeSurvivorBootingAloneRecoversWithExpectedOne() {
            QuorumFixture node = new QuorumFixture(2, nodes(2, options(null, true, true, false, false)));
            node.view(0, 2);
            assertFalse(node.status().quorate(), "wait_for_all holds a lone boot");
            SetExpectedResult result = node.core.setExpectedVotes(1, 1, node.out);
            assertTrue(result.accepted(), result.toString());
            assertTrue(node.status().quorate());
        }

        @Test
        void rejoiningNodesRaiseExpectedVotesBackToTheVotesPresent() {
            QuorumFixture node = new QuorumFixture(1, nodes(3, QuorumFixture.PLAIN));
            node.view(0, 1);
            node.step(() -> node.core.setExpectedVotes(1, 1, node.out));
            List<EventData> events = node.view(2, 1, 2, 3);
            assertEquals(List.of(new ExpectedChanged(1, 3, 2, "total_votes")), only(events, ExpectedChanged.class));
            assertEquals(3, node.status().expectedVotes());
            assertEquals(2, node.status().quorum());
        }

        @Test
        void refusesValuesVotequorumRefuses() {
            QuorumFixture node = new QuorumFixture(1, nodes(5, QuorumFixture.PLAIN));
            node.view(0, 1, 2, 3);
            node.out.clear();

            SetExpectedResult zero = node.core.setExpectedVotes(0, 1, node.out);
            assertFalse(zero.accepted());
            assertTrue(zero.toString().startsWith("refused: expected votes must be at least 1"), zero.toString());

            // 7 expected needs quorum 4, but only 3 votes are here: the cluster would block itself.
            SetExpectedResult tooHigh = node.core.setExpectedVotes(7, 1, node.out);
            assertFalse(tooHigh.accepted());
            assertEquals("refused: expected votes 7 would need quorum 4 but only 3 votes are present",
                    tooHigh.toString());
            assertTrue(node.out.isEmpty(), "a refused change emits and sends nothing");
            assertEquals(5, node.status().expectedVotes());
        }

        @Test
        void raisingWithinTheVotesPresentIsAccepted() {
            QuorumFixture node = new QuorumFixture(1, nodes(3, QuorumFixture.PLAIN));
            node.view(0, 1, 2, 3);
            SetExpectedResult result = node.core.setExpectedVotes(5, 1, node.out);
            assertTrue(result.accepted());
            assertEquals(3, node.status().quorum());
            assertTrue(node.status().quorate());
        }

        @Test
        void aMemberAnnouncingTheChangeAppliesItHere() {
            QuorumFixture node = new QuorumFixture(1, nodes(5, QuorumFixture.PLAIN));
            node.view(0, 1, 2);
            assertFalse(node.status().quorate());

            assertEquals(List.of(), node.step(() -> node.core.onSetExpectedVotes(4, 2, 1, node.out)),
                    "a node outside the view is not listened to");
            List<EventData> events = node.step(() -> node.core.onSetExpectedVotes(2, 2, 2, node.out));
            assertEquals(List.of(new ExpectedChanged(5, 2, 2, "peer"),
                    new QuorumEvent.Gained(node.status().ring().toString(), node.status().votes())), events);
            assertTrue(node.out.messages().isEmpty(), "a peer's change is not sent on again");
            assertEquals(List.of(), node.step(() -> node.core.onSetExpectedVotes(2, 2, 3, node.out)));
        }
    }

    @Nested
    class LastManStanding {
        private final QuorumOptions lms = options(null, false, false, true, false);

        @Test
        void expectedVotesFollowTheShrinkingClusterAfterTheWindow() {
            QuorumFixture node = new QuorumFixture(1, nodes(5, lms));
            node.view(0, 1, 2, 3, 4, 5);
            assertEquals(Long.MAX_VALUE, node.core.nextDeadline());
            node.view(1_000, 1, 2, 3);
            assertEquals(11_000, node.core.nextDeadline());

            assertEquals(List.of(), node.step(() -> node.core.tick(10_999, node.out)));
            List<EventData> events = node.step(() -> node.core.tick(11_000, node.out));
            assertEquals(List.of(new ExpectedChanged(5, 3, 2, "last_man_standing")), events);
            assertEquals(Long.MAX_VALUE, node.core.nextDeadline());

            node.view(20_000, 1, 2);
            assertTrue(node.status().quorate());
            node.step(() -> node.core.tick(30_000, node.out));
            assertEquals(2, node.status().expectedVotes());
            assertEquals(2, node.status().quorum());
        }

        @Test
        void neverBelowTwoNodesWithoutTheTieBreaker() {
            QuorumFixture node = new QuorumFixture(1, nodes(3, lms));
            node.view(0, 1, 2, 3);
            node.view(0, 1, 2);
            node.step(() -> node.core.tick(10_000, node.out));
            assertEquals(2, node.status().expectedVotes());

            node.view(20_000, 1);
            assertFalse(node.status().quorate());
            assertEquals(Long.MAX_VALUE, node.core.nextDeadline());
        }

        @Test
        void withTheTieBreakerTheLowestNodeCanStandAlone() {
            QuorumFixture node = new QuorumFixture(1, nodes(4, options(null, false, false, true, true)));
            node.view(0, 1, 2, 3, 4);
            node.view(0, 1, 2);
            assertTrue(node.status().quorate(), "exact half with the lowest id");
            node.step(() -> node.core.tick(10_000, node.out));
            assertEquals(2, node.status().expectedVotes());

            node.view(20_000, 1);
            assertTrue(node.status().quorate());
            node.step(() -> node.core.tick(30_000, node.out));
            assertEquals(1, node.status().expectedVotes());
            assertEquals(1, node.status().quorum());
        }

        @Test
        void aNewViewRestartsTheWindow() {
            QuorumFixture node = new QuorumFixture(1, nodes(5, lms));
            node.view(0, 1, 2, 3, 4, 5);
            node.view(0, 1, 2, 3, 4);
            node.view(6_000, 1, 2, 3);
            assertEquals(16_000, node.core.nextDeadline());
            assertEquals(List.of(), node.step(() -> node.core.tick(10_000, node.out)));
            node.step(() -> node.core.tick(16_000, node.out));
            assertEquals(3, node.status().expectedVotes());
        }

        @Test
        void losingQuorumCancelsTheWindow() {
            QuorumFixture node = new QuorumFixture(1, nodes(5, lms));
            node.view(0, 1, 2, 3, 4, 5);
            node.view(0, 1, 2, 3);
            node.view(1_000, 1, 2);
            assertFalse(node.status().quorate());
            assertEquals(Long.MAX_VALUE, node.core.nextDeadline());
        }
    }

    @Nested
    class ConfigChange {
        @Test
        void anAddedNodeRaisesExpectedVotes() {
            QuorumFixture node = new QuorumFixture(1, nodes(3, QuorumFixture.PLAIN));
            node.view(0, 1, 2, 3);
            List<EventData> events = node.step(() ->
                    node.core.onConfigChanged(nodes(4, QuorumFixture.PLAIN), 1, node.out));
            assertEquals(List.of(new ExpectedChanged(3, 4, 3, "config")), events);
            assertEquals(3, node.status().quorum());
            assertTrue(node.status().quorate());
        }

        @Test
        void aRemovedNodeLowersQuorum() {
            QuorumFixture node = new QuorumFixture(1, nodes(4, QuorumFixture.PLAIN));
            node.view(0, 1, 2);
            assertFalse(node.status().quorate());
            List<EventData> events = node.step(() ->
                    node.core.onConfigChanged(nodes(3, QuorumFixture.PLAIN), 1, node.out));
            assertEquals("ExpectedChanged,Gained", names(events));
            assertEquals(2, node.status().quorum());
        }

        @Test
        void anUnchangedConfigEmitsNothing() {
            QuorumFixture node = new QuorumFixture(1, nodes(3, QuorumFixture.PLAIN));
            node.view(0, 1, 2, 3);
            assertEquals(List.of(), node.step(() ->
                    node.core.onConfigChanged(nodes(3, QuorumFixture.PLAIN), 1, node.out)));
        }
    }
}
