package io.quorate.protocol;

/**
 * One entry of the replicated config log: the leader's term when it was appended, its position, and
 * the state-machine command it carries (opaque here; the config tree decodes it).
 */
public record LogEntry(long term, long index, Blob command) {
    public LogEntry {
        if (term < 0 || index <= 0) {
            throw new IllegalArgumentException("log entry needs term >= 0 and index > 0, got term " + term + " index " + index);
        }
    }
}
