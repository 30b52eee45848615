package io.quorate.ha.runtime;

import io.quorate.config.ConfigException;
import io.quorate.events.FenceEvent;
import io.quorate.ha.config.FenceConfig;
import io.quorate.ha.config.IpmiFenceDevice;
import io.quorate.ha.fence.IpmiFencer;
import io.quorate.ha.state.HaPaths;
import io.vertx.core.WorkerExecutor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * IPMI fencing, driven by membership rather than the CRM loop: when a node has been out of the
 * quorate view for the grace (default two tokens), the master powers it off over its BMC and reads
 * the power status back. Only that read-back is proof; the proof holds until the node is seen again.
 * If every attempt fails, recovery waits for the watchdog path (the node's agent lock expiring).
 *
 * <p>With {@code presumeFencedWhenOut} (the test-only {@link HaRuntime#UNSAFE_RECOVERY_OPTION})
 * nothing is powered off: a node counts as fenced as soon as it is out of the quorate view, so its
 * services are recovered while it may still run them. Each such presumption is recorded, never as a
 * fence that succeeded.
 */
final class HardwareFencing {
    private static final int ATTEMPTS = 3;

    private final HaContext context;
    private final WorkerExecutor worker;
    private final IpmiFencer fencer;
    private final BooleanSupplier isMaster;
    private final java.util.function.Consumer<String> onFenced;
    private final ProblemLog problems;
    private final Map<String, Long> outSince = new HashMap<>();
    private final Set<String> poweredOff = new HashSet<>();
    private final Set<String> inProgress = new HashSet<>();
    private final Set<String> gaveUp = new HashSet<>();
    private final Set<String> seen = new HashSet<>();
    private final boolean presumeFencedWhenOut;
    /** Nodes presumed fenced (unsafe mode) since they left the view, each recorded once. */
    private final Set<String> presumed = new HashSet<>();

    HardwareFencing(HaContext context, WorkerExecutor worker, IpmiFencer fencer, BooleanSupplier isMaster,
                    java.util.function.Consumer<String> onFenced,
                    ProblemLog problems, boolean presumeFencedWhenOut) {
        this.presumeFencedWhenOut = presumeFencedWhenOut;
        this.context = context;
        this.worker = worker;
        this.fencer = fencer;
        this.isMaster = isMaster;
        this.onFenced = onFenced;
        this.problems = problems;
    }

    /**
     * Powered off over IPMI (read back) since it left the view, and not seen since; in unsafe mode,
     * merely out of the view (recorded the first time it is relied on).
     */
    boolean poweredOff(String node) {
        if (poweredOff.contains(node)) {
            return true;
        }
        if (!presumeFencedWhenOut || !outSince.containsKey(node)) {
            return false;
        }
        if (presumed.add(node)) {
            context.record(new FenceEvent.PresumedUnsafe(node, HaRuntime.UNSAFE_RECOVERY_OPTION));
        }
        return true;
    }

    /** The words for {@link #poweredOff}'s proof in the manager's log. */
    String proofOf(String node) {
        return poweredOff.contains(node) ? "powered off (hardware fence)"
                : "presumed dead WITHOUT fencing (UNSAFE: " + HaRuntime.UNSAFE_RECOVERY_OPTION + ")";
    }

    /** Looks at the view again: call on every view or quorum change, and from the CRM loop. */
    void reconsider() {
        if (!context.quorate()) {
            return;
        }
        Set<String> online = context.onlineNodes();
        long now = context.now();
        for (String node : context.allNodes()) {
            if (online.contains(node)) {
                seen.add(node);
                outSince.remove(node);
                poweredOff.remove(node);
                presumed.remove(node);
                gaveUp.remove(node);
            } else if (seen.contains(node) && !outSince.containsKey(node)) {
                // only a node that left is fenced: one not yet booted since this node started is left alone
                outSince.put(node, now);
                long since = now;
                if (presumeFencedWhenOut) {
                    // as if a fence had just succeeded: a dead master's lock is taken at once too
                    context.later(1, () -> presumedFenced(node, since));
                } else {
                    context.later(context.timings().fenceGraceMs() + 1, () -> graceOver(node, since));
                }
            }
        }
    }

    private void presumedFenced(String node, long since) {
        Long out = outSince.get(node);
        if (out != null && out == since && fencesFor(node)) {
            onFenced.accept(node);
        }
    }

    private void graceOver(String node, long since) {
        reconsider();
        Long out = outSince.get(node);
        if (out == null || out != since || !fencesFor(node) || poweredOff.contains(node) || gaveUp.contains(node)
                || !inProgress.add(node)) {
            return;
        }
        Optional<IpmiFenceDevice> device = device(node);
        if (device.isEmpty()) {
            inProgress.remove(node);
            return;
        }
        context.record(new FenceEvent.Requested(node, "ipmi", "out of the quorate view for "
                + (context.now() - since) + " ms"));
        attempt(node, device.get(), 1, System.nanoTime());
    }

    private void attempt(String node, IpmiFenceDevice device, int attempt, long started) {
        worker.executeBlocking(() -> fencer.powerOff(device), false).onComplete(done -> context.runtime().runOnCore(() -> {
            IpmiFencer.Result result = done.succeeded() ? done.result()
                    : new IpmiFencer.Result(false, 0, 0, String.valueOf(done.cause().getMessage()));
            String bmc = device.ip() + ":" + device.ipport();
            context.record(new FenceEvent.IpmiAttempt(node, bmc, attempt, result.poweredOff(), result.durationMs(),
                    result.statusReads(), result.detail()));
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            if (result.poweredOff()) {
                inProgress.remove(node);
                if (outSince.containsKey(node)) {
                    poweredOff.add(node);
                    context.record(new FenceEvent.Succeeded(node, "ipmi", elapsed));
                    onFenced.accept(node);
                }
            } else if (attempt < ATTEMPTS && outSince.containsKey(node)) {
                attempt(node, device, attempt + 1, started);
            } else {
                inProgress.remove(node);
                gaveUp.add(node);
                context.record(new FenceEvent.Failed(node, "ipmi", result.detail() + "; recovery waits for the agent lock to expire",
                        elapsed));
            }
        }));
    }

    /**
     * The master fences; but when the dead node was the master itself, the first online node by name
     * does, so that it can take the manager lock from it at once instead of waiting out the expiry.
     */
    private boolean fencesFor(String node) {
        if (isMaster.getAsBoolean()) {
            return true;
        }
        boolean deadMaster = context.lockHolder(HaPaths.MANAGER_LOCK).map(node::equals).orElse(false);
        return deadMaster && context.onlineNodes().stream().findFirst().map(context.self()::equals).orElse(false);
    }

    private Optional<IpmiFenceDevice> device(String node) {
        Optional<String> text = context.read(HaPaths.FENCE);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            FenceConfig config = FenceConfig.parse(HaPaths.FENCE, text.get());
            problems.clear(HaPaths.FENCE);
            return config.deviceFor(node);
        } catch (ConfigException e) {
            problems.report(HaPaths.FENCE, e.getMessage());
            return Optional.empty();
        }
    }
}
