package io.quorate.quorum;

/** Where this node stands with {@code wait_for_all}. */
enum WaitForAll {
    DISABLED("wait_for_all is off: normal quorum rules from the start"),
    WAITING("not quorate until the view holds all expected votes at once"),
    SATISFIED("all expected votes were present together once: normal quorum rules from now on");

    private final String description;

    WaitForAll(String description) {
        this.description = description;
    }

    static WaitForAll atStart(boolean enabled) {
        return enabled ? WAITING : DISABLED;
    }

    /**
     * After a config change. As in corosync, switching wait_for_all on at runtime does not make a
     * running node wait again: only a node that starts with it waits.
     */
    WaitForAll reconfigured(boolean enabled) {
        if (!enabled) {
            return DISABLED;
        }
        return this == DISABLED ? SATISFIED : this;
    }

    boolean blocksQuorum() {
        return this == WAITING;
    }

    String description() {
        return description;
    }
}
