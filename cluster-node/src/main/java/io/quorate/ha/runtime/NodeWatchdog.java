package io.quorate.ha.runtime;

import io.quorate.events.WatchdogEvent;
import io.vertx.core.Future;

/**
 * This node's watchdog, shared by its HA roles: armed when the first role proves its lock, fed as
 * of the oldest proof among the roles, disarmed when the last role ends cleanly. A role that loses
 * its lock stays registered with its old proof, so the watchdog fires unless the lock comes back.
 */
final class NodeWatchdog {
    private final SupervisorLink supervisor;
    private final HaContext context;
    private final WatchdogRoles roles = new WatchdogRoles();
    private boolean armed;

    NodeWatchdog(SupervisorLink supervisor, HaContext context) {
        this.supervisor = supervisor;
        this.context = context;
    }

    boolean armed() {
        return armed;
    }

    /** Seconds until the armed watchdog fires unless fed (0 when disarmed): its oldest proof plus the timeout. */
    double expirySeconds() {
        if (!armed) {
            return 0;
        }
        long deadline = roles.oldestProof().orElse(System.nanoTime()) + context.timings().watchdogMs() * 1_000_000L;
        return Math.max(0, deadline - System.nanoTime()) / 1e9;
    }

    /** Asks the supervisor whether it is there (and did not fire); fails with the reason. */
    Future<String> check() {
        return supervisor.call("STATUS");
    }

    /** {@code role} renewed its lock, asked at {@code askedAtNanos}; arms or feeds accordingly. */
    Future<Void> proven(String role, long askedAtNanos) {
        roles.proven(role, askedAtNanos);
        long oldest = roles.oldestProof().orElse(askedAtNanos);
        if (!armed) {
            armed = true;
            long timeout = context.timings().watchdogMs();
            return supervisor.call("ARM " + timeout + " " + oldest)
                    .onSuccess(ok -> context.record(new WatchdogEvent.Armed(timeout, role)))
                    .onFailure(e -> armed = false).mapEmpty();
        }
        return supervisor.call("FEED " + oldest).mapEmpty();
    }

    /** {@code role} released its lock cleanly; disarms when no role needs the watchdog any more. */
    Future<Void> ended(String role, String reason) {
        roles.ended(role);
        if (!armed || roles.needed()) {
            return Future.succeededFuture();
        }
        armed = false;
        return supervisor.call("DISARM").onSuccess(ok -> context.record(new WatchdogEvent.Disarmed(reason))).mapEmpty();
    }
}
