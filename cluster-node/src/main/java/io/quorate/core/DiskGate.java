package io.quorate.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Group commit for a driver: step outputs queue in order; one sync writes the storage effects of
 * every queued step, and when it is durable their messages and replies are released, in order.
 * A step with nothing to store still waits behind earlier unsynced steps, so no message can
 * acknowledge what is not on disk yet.
 */
public final class DiskGate {
    private final List<StepOutput> queued = new ArrayList<>();
    private List<StepOutput> syncing = List.of();

    /** Queues a step; returns true if it may be released at once (nothing to store and nothing ahead of it). */
    public boolean offer(StepOutput step) {
        if (step.storage().isEmpty() && queued.isEmpty() && syncing.isEmpty()) {
            return true;
        }
        queued.add(step);
        return false;
    }

    /** True when steps wait and no sync is running: the driver should start one. */
    public boolean readyToSync() {
        return syncing.isEmpty() && !queued.isEmpty();
    }

    /** Starts a sync of every queued step; the driver writes their storage effects and fsyncs. */
    public List<StepOutput> beginSync() {
        if (!syncing.isEmpty()) {
            throw new IllegalStateException("a sync is already running");
        }
        syncing = List.copyOf(queued);
        queued.clear();
        return syncing;
    }

    /** The running sync is durable: its steps may be released, in order. */
    public List<StepOutput> endSync() {
        List<StepOutput> done = syncing;
        syncing = List.of();
        return done;
    }

    /** A crash: everything not yet durable is gone. */
    public void clear() {
        queued.clear();
        syncing = List.of();
    }
}
