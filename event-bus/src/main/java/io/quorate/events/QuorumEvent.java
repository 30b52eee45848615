package io.quorate.events;

import java.util.List;

/** Votequorum: votes, quorum transitions, expected-votes changes. */
public sealed interface QuorumEvent extends EventData {

    /** The numbers behind a quorum decision, as corosync-quorumtool prints them. */
    record Votes(int expectedVotes, int highestExpected, int totalVotes, int quorum, List<String> flags) {
    }

    @EventType("quorum.vote_counted")
    record VoteCounted(int nodeId, String name, int votes) implements QuorumEvent {
    }

    @EventType("quorum.vote_withdrawn")
    record VoteWithdrawn(int nodeId, String name, int votes) implements QuorumEvent {
    }

    @EventType("quorum.gained")
    record Gained(String ringId, Votes votes) implements QuorumEvent {
    }

    @EventType("quorum.lost")
    record Lost(String ringId, Votes votes) implements QuorumEvent {
    }

    /**
     * Expected votes changed; reason is {@code config}, {@code admin} (cm expected: an unsafe
     * override), {@code last_man_standing}, {@code peer} (a member announced a new value) or {@code total_votes}
     * (the members present bring more votes than expected, so expected rises to match, as corosync does).
     */
    @EventType("quorum.expected_changed")
    record ExpectedChanged(int oldExpected, int newExpected, int quorum, String reason) implements QuorumEvent {
    }
}
