package io.quorate.configdb;

/**
 * A write made under a cluster lock: it applies only while {@code lock} is still held by the
 * writer's node at {@code epoch}, so a paused former holder cannot overwrite newer state.
 */
public record Guard(String lock, long epoch) {
    public static final Guard NONE = new Guard("", 0);

    public boolean isNone() {
        return lock.isEmpty();
    }
}
