package io.quorate.config;

import java.util.OptionalLong;

/** Reads and validates {@link QuorumSettings} from the quorum section. */
final class QuorumReader {

    private QuorumReader() {
    }

    static QuorumSettings read(SectionValues quorum) throws ConfigException {
        ConfPair provider = quorum.requiredPair("provider");
        if (!provider.value().equals(QuorumSettings.PROVIDER)) {
            throw quorum.invalid(provider,
                    "provider must be " + QuorumSettings.PROVIDER + ", got '" + provider.value() + "'");
        }
        OptionalLong expected = quorum.number("expected_votes", 1, Integer.MAX_VALUE, "a positive integer");
        boolean twoNode = quorum.zeroOne("two_node", false);
        // votequorum turns wait_for_all on with two_node unless the admin says otherwise
        boolean waitForAll = quorum.zeroOne("wait_for_all").orElse(twoNode);
        boolean lastManStanding = quorum.zeroOne("last_man_standing", false);
        long window = quorum.millis("last_man_standing_window",
                QuorumSettings.DEFAULT_LAST_MAN_STANDING_WINDOW_MS, 1);
        boolean autoTieBreaker = quorum.zeroOne("auto_tie_breaker", false);
        return new QuorumSettings(
                expected.isPresent() ? Integer.valueOf((int) expected.getAsLong()) : null,
                twoNode, waitForAll, lastManStanding, window, autoTieBreaker);
    }
}
