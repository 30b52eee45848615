package io.quorate.ha.runtime;

import io.quorate.configdb.Guard;
import io.quorate.core.Outcome;
import io.quorate.events.GuestEvent;
import io.quorate.events.HaEvent;
import io.quorate.events.LockEvent;
import io.quorate.ha.config.HaResource;
import io.quorate.ha.core.LrmReport;
import io.quorate.ha.core.ManagerStatus;
import io.quorate.ha.core.NodeState;
import io.quorate.ha.core.ServiceState;
import io.quorate.ha.state.HaPaths;
import io.quorate.ha.state.LrmStatusJson;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The local resource manager of one node (pve-ha-lrm): takes its agent lock when the manager status
 * gives it work, feeds the watchdog only with a fresh renewal of that lock, starts and stops its
 * guests as the master asks and reports each command's result by uid in its {@code lrm_status}.
 * Without quorum it cannot renew the lock: it stops feeding, and the watchdog kills its guests before
 * the lock expires for the others.
 */
final class LrmService {
    static final String ROLE = "lrm";
    private static final long STOP_GRACE_MS = 3000;
    /** Idle this long (no service placed here) before the LRM lets its lock go, as Proxmox's LRM does. */
    private static final long IDLE_RELEASE_MS = 10_000;
    private static final long STATUS_REFRESH_MS = 10_000;
    /** How long a shutdown under the migrate policy waits for the services to leave. */
    static final long DRAIN_LIMIT_MS = 60_000;

    private final HaContext context;
    private final GuestDriver guests;
    private final NodeWatchdog watchdog;
    private final ManagerStatusSource managerStatus;
    private final String lock;
    private String state = "wait_for_agent_lock";
    private long epoch;
    private boolean busy;
    private boolean stopping;
    private final Map<String, Integer> results = new TreeMap<>();
    private final Map<String, String> resultSids = new HashMap<>();
    private final Map<String, Integer> restarts = new HashMap<>();
    private final Set<String> startedHere = new HashSet<>();
    private long idleSince = -1;
    /** Set while a shutdown under the migrate policy waits for the master to move this node's services away. */
    private io.vertx.core.Promise<Void> draining;
    private long drainDeadline;
    private final ParsedFile<io.quorate.ha.config.DatacenterConfig> datacenter;
    private String lastWritten = "";
    private long lastWrittenAt = Long.MIN_VALUE / 2;

    LrmService(HaContext context, GuestDriver guests, NodeWatchdog watchdog, ManagerStatusSource managerStatus,
               ProblemLog problems) {
        this.context = context;
        this.guests = guests;
        this.watchdog = watchdog;
        this.managerStatus = managerStatus;
        this.lock = HaPaths.agentLock(context.self());
        this.datacenter = new ParsedFile<>(context, problems, HaPaths.DATACENTER, io.quorate.ha.config.DatacenterConfig::parse,
                io.quorate.ha.config.DatacenterConfig.empty());
    }

    /** One loop iteration; skipped while the previous one still runs. */
    void tick() {
        if (busy || stopping) {
            return;
        }
        busy = true;
        iterate().onComplete(done -> {
            busy = false;
            if (done.failed()) {
                System.getLogger(LrmService.class.getName()).log(System.Logger.Level.WARNING,
                        "lrm iteration failed: " + done.cause().getMessage());
            }
            if (draining != null && (!hasWork(managerStatus.current()) || context.now() >= drainDeadline)) {
                io.vertx.core.Promise<Void> drained = draining;
                draining = null;
                drained.complete();
            }
        });
    }

    /**
     * The first half of a clean stop. Under {@code shutdown_policy=migrate} (datacenter.cfg) the LRM
     * reports maintenance mode, so the master migrates its services away, and the returned future
     * completes once none is left here (or after {@link #DRAIN_LIMIT_MS}; {@link #shutdown} stops the
     * rest). Other policies stop the guests in place: conditional and failover let the master
     * recover them after fencing, as a Proxmox node shut down without migrate does.
     */
    Future<Void> drainForShutdown() {
        io.quorate.ha.config.ShutdownPolicy policy = datacenter.get().ha().shutdownPolicy();
        if (policy != io.quorate.ha.config.ShutdownPolicy.MIGRATE || !hasWork(managerStatus.current())) {
            return Future.succeededFuture();
        }
        // the next loops report (and record) maintenance mode
        draining = io.vertx.core.Promise.promise();
        drainDeadline = context.now() + DRAIN_LIMIT_MS;
        return draining.future();
    }

    private Future<Void> iterate() {
        ManagerStatus status = managerStatus.current();
        boolean maintenance = status.maintenanceRequested.contains(context.self()) || draining != null;
        boolean work = hasWork(status);
        switch (state) {
            case "wait_for_agent_lock" -> {
                if (!work || !context.quorate()) {
                    return writeStatus(status, maintenance);
                }
                return takeLock(maintenance).compose(got -> got ? work(status, maintenance) : writeStatus(status, maintenance));
            }
            case "lost_agent_lock" -> {
                if (!context.quorate()) {
                    return Future.succeededFuture();
                }
                return takeLock(maintenance).compose(got -> got ? work(status, maintenance) : Future.succeededFuture());
            }
            default -> {
                return renewLock().compose(renewed -> {
                    if (!renewed) {
                        return Future.succeededFuture();
                    }
                    setState(maintenance ? "maintenance" : "active");
                    if (!work && guestsIdle()) {
                        return releaseWhenIdle(status, maintenance);
                    }
                    idleSince = -1;
                    return work(status, maintenance);
                });
            }
        }
    }

    /** The LRM's state as pve-ha-lrm names it (wait_for_agent_lock, active, maintenance, lost_agent_lock). */
    String state() {
        return state;
    }

    /** The guests this LRM started and that still run, sorted. */
    java.util.List<String> runningGuests() {
        return new java.util.TreeSet<>(startedHere).stream().toList();
    }

    private boolean guestsIdle() {
        return startedHere.isEmpty();
    }

    /**
     * Work is a service placed on this node that is not stopped (nor waiting to be fenced or
     * recovered elsewhere); a node the master wants fenced takes no lock.
     */
    private boolean hasWork(ManagerStatus status) {
        if (status.nodeState(context.self()) == NodeState.FENCE) {
            return false;
        }
        return status.services.values().stream().anyMatch(s -> context.self().equals(s.node)
                && s.state != ServiceState.STOPPED && s.state != ServiceState.FENCE && s.state != ServiceState.RECOVERY
                && s.state != ServiceState.FREEZE);
    }

    private Future<Boolean> takeLock(boolean maintenance) {
        long asked = System.nanoTime();
        return context.acquire(lock).compose(outcome -> {
            if (!(outcome instanceof Outcome.Done done)) {
                return Future.succeededFuture(false);
            }
            epoch = done.epoch();
            return watchdog.proven(ROLE, asked).map(v -> {
                setState(maintenance ? "maintenance" : "active");
                return true;
            }).recover(e -> {
                // without a watchdog no service may run here: give the lock back at once
                context.record(new io.quorate.events.WatchdogEvent.Unavailable(e.getMessage()));
                return context.release(lock, epoch).map(false);
            });
        });
    }

    private Future<Boolean> renewLock() {
        long asked = System.nanoTime();
        return context.renew(lock, epoch).compose(outcome -> {
            if (outcome instanceof Outcome.Done) {
                return watchdog.proven(ROLE, asked).map(true);
            }
            // no feed from now on: unless the lock comes back, the watchdog resets this node
            context.record(new LockEvent.Lost(lock, epoch, HaContext.describe(outcome)));
            setState("lost_agent_lock");
            return Future.succeededFuture(false);
        });
    }

    private Future<Void> releaseWhenIdle(ManagerStatus status, boolean maintenance) {
        long now = context.now();
        if (idleSince < 0) {
            idleSince = now;
        }
        if (now - idleSince < IDLE_RELEASE_MS) {
            return work(status, maintenance);
        }
        idleSince = -1;
        long released = epoch;
        return context.release(lock, released).compose(outcome -> {
            setState("wait_for_agent_lock");
            return watchdog.ended(ROLE, "no services on this node");
        }).compose(v -> writeStatus(status, maintenance));
    }

    /** Carries out what the manager status asks of this node's services, then reports. */
    private Future<Void> work(ManagerStatus status, boolean maintenance) {
        return guests.running().compose(running -> {
            noticeDeaths(running);
            List<Future<?>> actions = new ArrayList<>();
            Set<String> current = new HashSet<>();
            for (Map.Entry<String, ManagerStatus.ServiceEntry> e : status.services.entrySet()) {
                ManagerStatus.ServiceEntry service = e.getValue();
                if (!context.self().equals(service.node) || service.uid == null) {
                    continue;
                }
                current.add(service.uid);
                if (!results.containsKey(service.uid) || service.state == ServiceState.STARTED) {
                    actions.add(act(e.getKey(), service, running.contains(e.getKey())));
                }
            }
            // results the master no longer asks about would only grow the status file
            results.keySet().retainAll(current);
            resultSids.keySet().retainAll(current);
            return Future.join(actions).<Void>mapEmpty().otherwiseEmpty();
        }).compose(v -> writeStatus(status, maintenance));
    }

    private void noticeDeaths(Set<String> running) {
        for (String sid : new ArrayList<>(startedHere)) {
            if (!running.contains(sid)) {
                startedHere.remove(sid);
                context.record(new GuestEvent.Died(sid));
            }
        }
    }

    private Future<Void> act(String sid, ManagerStatus.ServiceEntry service, boolean running) {
        return switch (service.state) {
            case STARTED -> running ? report(service.uid, sid, LrmReport.SUCCESS) : start(sid, service.uid);
            case REQUEST_STOP, STOPPED -> stop(sid, service.state.pveName()).map(ok -> {
                record(service.uid, sid, ok ? LrmReport.SUCCESS : LrmReport.ERROR);
                return null;
            });
            case MIGRATE, RELOCATE -> stop(sid, service.state.pveName() + " to " + service.target)
                    .compose(ok -> ok ? moveGuestConfig(sid, service.target) : Future.succeededFuture(false))
                    .map(ok -> {
                        record(service.uid, sid, ok ? LrmReport.SUCCESS : LrmReport.ERROR);
                        return null;
                    });
            default -> Future.succeededFuture();
        };
    }

    private Future<Void> report(String uid, String sid, int code) {
        record(uid, sid, code);
        return Future.succeededFuture();
    }

    private void record(String uid, String sid, int code) {
        results.put(uid, code);
        resultSids.put(uid, sid);
    }

    private Future<Void> start(String sid, String uid) {
        // a start needs the agent lock still valid now: it is what makes recovery elsewhere wait
        if (!context.holds(lock, epoch)) {
            return Future.succeededFuture();
        }
        long begun = System.nanoTime();
        return guests.start(sid).map(v -> {
            startedHere.add(sid);
            restarts.remove(sid);
            context.record(new GuestEvent.Started(sid, (System.nanoTime() - begun) / 1_000_000));
            record(uid, sid, LrmReport.SUCCESS);
            return (Void) null;
        }).recover(e -> {
            int tried = restarts.getOrDefault(sid, 0);
            context.record(new GuestEvent.StartFailed(sid, e.getMessage(), tried + 1));
            if (tried < maxRestart(sid)) {
                restarts.put(sid, tried + 1); // no result yet: the master waits while the LRM retries
            } else {
                restarts.remove(sid);
                record(uid, sid, LrmReport.ERROR);
            }
            return Future.succeededFuture();
        });
    }

    private int maxRestart(String sid) {
        return managerStatus.resource(sid).map(HaResource::maxRestart).orElse(HaResource.DEFAULT_MAX_RESTART);
    }

    /** Stops the guest; true when it is not running afterwards. */
    private Future<Boolean> stop(String sid, String reason) {
        boolean wasStarted = startedHere.remove(sid);
        return guests.stop(sid, STOP_GRACE_MS).map(v -> {
            if (wasStarted) {
                context.record(new GuestEvent.Stopped(sid, reason));
            }
            return true;
        }).otherwise(false);
    }

    /** A migrated guest's config follows it, written under this node's agent lock. */
    private Future<Boolean> moveGuestConfig(String sid, String target) {
        String from = HaPaths.guestConfig(context.self(), sid);
        var content = context.readBytes(from);
        if (content.isEmpty() || target == null) {
            return Future.succeededFuture(true);
        }
        Guard guard = new Guard(lock, epoch);
        return context.write(HaPaths.guestConfig(target, sid), content.get(), guard)
                .compose(written -> written instanceof Outcome.Done ? context.remove(from, guard) : Future.succeededFuture(written))
                .map(outcome -> outcome instanceof Outcome.Done);
    }

    private Future<Void> writeStatus(ManagerStatus status, boolean maintenance) {
        String mode = maintenance ? LrmReport.MODE_MAINTENANCE : LrmReport.MODE_ACTIVE;
        LrmReport report = new LrmReport(state, mode, new TreeMap<>(results));
        String key = report.toString();
        long now = context.now();
        if (key.equals(lastWritten) && now - lastWrittenAt < STATUS_REFRESH_MS) {
            return Future.succeededFuture();
        }
        if (!context.quorate()) {
            return Future.succeededFuture();
        }
        boolean locked = !state.equals("wait_for_agent_lock") && context.holds(lock, epoch);
        Guard guard = locked ? new Guard(lock, epoch) : Guard.NONE;
        byte[] content = LrmStatusJson.encode(report, resultSids, context.wallSeconds());
        return context.write(HaPaths.lrmStatus(context.self()), content, guard).map(outcome -> {
            if (outcome instanceof Outcome.Done) {
                lastWritten = key;
                lastWrittenAt = now;
            }
            return null;
        });
    }

    private void setState(String next) {
        if (!next.equals(state)) {
            context.record(new HaEvent.LrmStateChanged(state, next, epoch));
            state = next;
        }
    }

    /**
     * A clean stop: stops every guest here, and only then lets the lock go and disarms. If a guest
     * cannot be stopped the watchdog stays armed, so it still dies before anyone recovers it.
     */
    Future<Void> shutdown() {
        stopping = true;
        return guests.running().compose(running -> {
            List<Future<Boolean>> stops = new ArrayList<>();
            for (String sid : running) {
                stops.add(stop(sid, "node shutdown"));
            }
            return Future.all(stops).map(all -> stops.stream().allMatch(Future::result));
        }).compose(allStopped -> {
            if (!allStopped || state.equals("wait_for_agent_lock") || state.equals("lost_agent_lock")) {
                return Future.<Void>succeededFuture();
            }
            return context.release(lock, epoch).compose(o -> watchdog.ended(ROLE, "node shutdown"));
        });
    }
}
