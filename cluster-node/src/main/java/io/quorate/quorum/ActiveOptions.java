package io.quorate.quorum;

import java.util.ArrayList;
import java.util.List;

/**
 * The votequorum options in force for a nodelist. corosync quietly switches some options off when
 * the nodelist cannot support them (and logs why); we apply the same rules so that the flags shown
 * by status are the ones actually deciding quorum.
 */
record ActiveOptions(boolean twoNode, boolean waitForAll, boolean lastManStanding, long lastManStandingWindowMs,
                     boolean autoTieBreaker) {

    static ActiveOptions of(VoterConfig config) {
        QuorumOptions options = config.options();
        // two_node only makes sense for exactly two nodes of one vote each; with auto_tie_breaker
        // corosync drops two_node, since ATB decides by node id where two_node relies on a fence race.
        boolean twoNode = options.twoNode() && config.voters().size() == 2 && config.configuredExpectedVotes() == 2
                && !options.autoTieBreaker();
        // An odd cluster with ATB but without wait_for_all could let an isolated half+1 without the
        // tie-breaker node start quorate after a reboot, so corosync disables ATB there.
        boolean autoTieBreaker = options.autoTieBreaker() && (config.nodelistVotes() % 2 == 0 || options.waitForAll());
        // corosync supports last_man_standing only when every node has exactly one vote.
        boolean lastManStanding = options.lastManStanding()
                && config.voters().stream().allMatch(voter -> voter.votes() == 1);
        return new ActiveOptions(twoNode, options.waitForAll(), lastManStanding, options.lastManStandingWindowMs(),
                autoTieBreaker);
    }

    /** corosync-quorumtool's flag names, in the order it prints them. */
    List<String> flags(boolean quorate) {
        List<String> flags = new ArrayList<>();
        for (QuorumFlag flag : QuorumFlag.values()) {
            if (isSet(flag, quorate)) {
                flags.add(flag.corosyncName());
            }
        }
        return flags;
    }

    private boolean isSet(QuorumFlag flag, boolean quorate) {
        return switch (flag) {
            case TWO_NODE -> twoNode;
            case QUORATE -> quorate;
            case WAIT_FOR_ALL -> waitForAll;
            case LAST_MAN_STANDING -> lastManStanding;
            case AUTO_TIE_BREAKER -> autoTieBreaker;
        };
    }
}
