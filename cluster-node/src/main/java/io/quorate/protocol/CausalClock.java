package io.quorate.protocol;

/**
 * The node's hybrid logical clock as the transports see it: every outgoing packet carries a stamp,
 * every authenticated incoming one is merged, so an event a message caused orders after the events
 * that preceded its sending, whatever the nodes' wall clocks say.
 */
public interface CausalClock {
    /** For transports outside a node (tests, tools): stamps 0 and ignores what it receives. */
    CausalClock NONE = new CausalClock() {
        @Override
        public long stamp() {
            return 0;
        }

        @Override
        public void observe(long remoteHlc) {
        }
    };

    /** The stamp for a packet about to be sent. */
    long stamp();

    /** Merges the stamp of an authenticated packet just received (0: the sender had none). */
    void observe(long remoteHlc);
}
