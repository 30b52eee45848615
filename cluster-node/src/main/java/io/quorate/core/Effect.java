package io.quorate.core;

/** Side effects a core asks its driver to carry out, besides sending messages and recording events. */
public sealed interface Effect {

    /**
     * Store a corosync.conf that arrived from a peer (or from an admin change) as the node's
     * cluster config. The core has already applied it in memory.
     */
    record PersistClusterConfig(long configVersion, String corosyncConf) implements Effect {
    }

    /** Record the highest ring sequence seen, before any message of the same step is sent. */
    record PersistRingSequence(long highestSequence) implements Effect {
    }
}
