package io.quorate.quorum;

/** Why a node's expected votes changed; {@link #eventName()} is the reason carried by the event. */
public enum ExpectedChangeReason {
    CONFIG("config", "corosync.conf changed the configured expected votes (nodelist or quorum.expected_votes)"),
    ADMIN("admin", "an administrator ran cm expected on this node: an unsafe override"),
    PEER("peer", "a member of the view announced a value set by cm expected on that member"),
    LAST_MAN_STANDING("last_man_standing", "the view stayed smaller for the whole last_man_standing_window"),
    TOTAL_VOTES("total_votes", "the members present carry more votes than expected, so expected rises to match them");

    private final String eventName;
    private final String description;

    ExpectedChangeReason(String eventName, String description) {
        this.eventName = eventName;
        this.description = description;
    }

    public String eventName() {
        return eventName;
    }

    public String description() {
        return description;
    }
}
