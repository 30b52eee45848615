package io.quorate.configdb.storage;

import io.quorate.protocol.LogEntry;

/** One decoded record of a segment (see {@link WalFormat}). */
sealed interface WalRecord {

    record Entry(LogEntry entry) implements WalRecord {
    }

    record Truncate(long fromIndex) implements WalRecord {
    }

    record HardState(long term, int votedFor) implements WalRecord {
    }
}
