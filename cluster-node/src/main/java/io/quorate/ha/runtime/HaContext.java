package io.quorate.ha.runtime;

import io.quorate.configdb.ConfigDb;
import io.quorate.configdb.Guard;
import io.quorate.core.Outcome;
import io.quorate.events.EventData;
import io.quorate.ha.state.HaPaths;
import io.quorate.protocol.Blob;
import io.quorate.quorum.QuorumStatus;
import io.quorate.runtime.NodeRuntime;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the CRM and LRM need of their node, on the core's event loop: the local committed config
 * tree, quorum and membership, locks and guarded writes through the log, the clock, events.
 */
final class HaContext {
    private final NodeRuntime runtime;
    private final HaTimings timings;

    HaContext(NodeRuntime runtime, HaTimings timings) {
        this.runtime = runtime;
        this.timings = timings;
    }

    String self() {
        return runtime.node().nodeName();
    }

    HaTimings timings() {
        return timings;
    }

    NodeRuntime runtime() {
        return runtime;
    }

    private ConfigDb configDb() {
        return runtime.core().configDb();
    }

    /** A file of the local committed tree, as text; empty when it does not exist. */
    Optional<String> read(String path) {
        return readBytes(path).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    Optional<byte[]> readBytes(String path) {
        return configDb().readFile(path).map(view -> view.content().toArray());
    }

    /** A guest's config file and the node whose directory holds it. */
    record GuestConfig(String node, String text) {
    }

    /** {@code sid}'s guest config on whichever node holds it (one node does), or empty when none does. */
    Optional<GuestConfig> guestConfig(String sid) {
        for (String node : allNodes()) {
            Optional<String> text = read(HaPaths.guestConfig(node, sid));
            if (text.isPresent()) {
                return Optional.of(new GuestConfig(node, text.get()));
            }
        }
        return Optional.empty();
    }

    /** Quorate and caught up: only then may this node act on what its tree says. */
    boolean quorate() {
        return runtime.core().quorumStatus().quorate() && configDb().isCurrent();
    }

    /** Nodes in this node's quorate view (empty when it is not quorate). */
    Set<String> onlineNodes() {
        QuorumStatus status = runtime.core().quorumStatus();
        Set<String> online = new TreeSet<>();
        if (status.quorate()) {
            status.members().forEach(m -> online.add(m.name()));
        }
        return online;
    }

    List<String> allNodes() {
        return new ArrayList<>(runtime.core().spec().nodelist().values());
    }

    long now() {
        return runtime.coreTime();
    }

    /** Wall time in epoch seconds on the node's clock (status files' timestamps). */
    long wallSeconds() {
        return Math.floorDiv(runtime.clock().wallMs(), 1000);
    }

    /** Whether this node may still believe it holds {@code lock} at {@code epoch}. */
    boolean holds(String lock, long epoch) {
        return configDb().heldLock(lock, now()).map(held -> held.epoch() == epoch).orElse(false);
    }

    Future<Outcome> acquire(String lock) {
        return runtime.request((core, id, now, out) -> core.acquireLock(id, lock, now, out));
    }

    /** Takes {@code lock} from a holder proved powered off, without waiting out the expiry. */
    Future<Outcome> takeFromDead(String lock, String deadHolder) {
        return runtime.request((core, id, now, out) -> core.takeLockFromDead(id, lock, deadHolder, now, out));
    }

    /** Whether asking for {@code lock} could succeed as this node sees it (free, ours, or expired here). */
    boolean lockMayBeTaken(String lock) {
        return configDb().lockMayBeTaken(lock, now());
    }

    /** Who holds {@code lock} in the committed tree (expired or not), if anyone. */
    Optional<String> lockHolder(String lock) {
        return configDb().tree().lock(lock).map(state -> runtime.core().spec().nodelist().get(state.holder()));
    }

    Future<Outcome> renew(String lock, long epoch) {
        return runtime.request((core, id, now, out) -> core.renewLock(id, lock, epoch, now, out));
    }

    Future<Outcome> release(String lock, long epoch) {
        return runtime.request((core, id, now, out) -> core.releaseLock(id, lock, epoch, now, out));
    }

    Future<Outcome> write(String path, byte[] content, Guard guard) {
        Blob blob = Blob.of(content);
        return runtime.request((core, id, now, out) -> core.write(id, path, blob, guard, now, out));
    }

    Future<Outcome> remove(String path, Guard guard) {
        return runtime.request((core, id, now, out) -> core.remove(id, path, guard, now, out));
    }

    void record(EventData event) {
        runtime.recordEvent(event);
    }

    /** Runs {@code action} on the core's loop after {@code delayMs}. */
    void later(long delayMs, Runnable action) {
        runtime.later(delayMs, action);
    }

    /** A completed request's outcome as a short reason, for logs and events. */
    static String describe(Outcome outcome) {
        if (outcome instanceof Outcome.Refused refused) {
            return refused.reason().code() + ": " + refused.detail();
        }
        if (outcome instanceof Outcome.Unknown unknown) {
            return "unknown: " + unknown.detail();
        }
        return outcome.toString();
    }
}
