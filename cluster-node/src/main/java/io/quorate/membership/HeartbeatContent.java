package io.quorate.membership;

/** The parts of a heartbeat owned by other cores (config and votequorum), read at send time. */
public interface HeartbeatContent {
    long configVersion();

    int expectedVotes();
}
