package io.quorate.quorum;

/** Answer to {@code cm expected <n>}: applied, or refused with votequorum's reason. */
public record SetExpectedResult(boolean accepted, int expectedVotes, String reason) {

    public static SetExpectedResult accepted(int expectedVotes, int quorum) {
        return new SetExpectedResult(true, expectedVotes,
                "expected votes set to " + expectedVotes + " (quorum " + quorum + ")");
    }

    public static SetExpectedResult refused(int expectedVotes, String reason) {
        return new SetExpectedResult(false, expectedVotes, reason);
    }

    @Override
    public String toString() {
        return (accepted ? "accepted: " : "refused: ") + reason;
    }
}
