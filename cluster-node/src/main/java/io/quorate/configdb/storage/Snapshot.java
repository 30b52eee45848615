package io.quorate.configdb.storage;

import io.quorate.protocol.Blob;

/** A state-machine snapshot covering the log up to and including {@code lastIndex}. */
public record Snapshot(long lastIndex, long lastTerm, Blob state) {
    public Snapshot {
        if (lastIndex < 1 || lastTerm < 0 || state == null) {
            throw new IllegalArgumentException("snapshot needs lastIndex >= 1, lastTerm >= 0 and a state, got "
                    + lastIndex + "/" + lastTerm + "/" + state);
        }
    }
}
