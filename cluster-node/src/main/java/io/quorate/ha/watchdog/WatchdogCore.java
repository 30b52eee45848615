package io.quorate.ha.watchdog;

/**
 * The watchdog's decision, deterministic: armed with a timeout, fed by its client, fired when a
 * feed is late. Once fired it stays fired (a reset happened; a later feed does not undo it).
 */
public final class WatchdogCore {
    private long timeoutMs;
    private long lastFeed;
    private boolean armed;
    private boolean fired;

    /** Arms (or re-arms with a new timeout), counting from {@code provenAt} (see {@link #feed}). */
    public void arm(long timeoutMs, long provenAt, long now) {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("watchdog timeout must be positive, got " + timeoutMs);
        }
        if (fired) {
            return;
        }
        this.timeoutMs = timeoutMs;
        this.lastFeed = Math.min(provenAt, now);
        this.armed = true;
    }

    /**
     * Feeds as of {@code provenAt}: the moment the client's proof of life (a lock renewal) was asked
     * for, which may lie before now. Counting from then, not from the feed's arrival, keeps a client
     * that stalled between its renewal and this feed from stretching the watchdog past its lock.
     */
    public void feed(long provenAt, long now) {
        if (armed && !fired) {
            lastFeed = Math.max(lastFeed, Math.min(provenAt, now));
        }
    }

    /** A clean stop of the client: nothing is killed. */
    public void disarm() {
        armed = false;
    }

    /** True at the moment the watchdog fires (once); the caller then kills what it guards. */
    public boolean check(long now) {
        if (armed && !fired && now - lastFeed > timeoutMs) {
            fired = true;
            return true;
        }
        return false;
    }

    public boolean armed() {
        return armed;
    }

    public boolean fired() {
        return fired;
    }

    /** When the next check could fire (Long.MAX_VALUE when disarmed or fired). */
    public long deadline() {
        return armed && !fired ? lastFeed + timeoutMs + 1 : Long.MAX_VALUE;
    }
}
