package io.quorate.ha.runtime;

import io.quorate.configdb.Guard;
import io.quorate.core.Outcome;
import io.quorate.events.HaEvent;
import io.quorate.events.LockEvent;
import io.quorate.ha.core.LrmReport;
import io.quorate.ha.core.Manager;
import io.quorate.ha.core.ManagerStatus;
import io.quorate.ha.core.NodeState;
import io.quorate.ha.core.ServiceConf;
import io.quorate.ha.state.CrmCommand;
import io.quorate.ha.state.HaPaths;
import io.quorate.ha.state.LrmStatusJson;
import io.quorate.ha.state.ManagerStatusJson;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster resource manager of one node (pve-ha-crm). One node at a time is master: it holds
 * {@code ha_manager_lock}, arms the watchdog, runs the deterministic {@link Manager} over the
 * committed tree and writes {@code ha/manager_status} under its lock epoch, so a paused former
 * master cannot overwrite newer state. The others wait as slaves.
 */
final class CrmService {
    static final String ROLE = "crm";
    private static final System.Logger LOG = System.getLogger(CrmService.class.getName());

    private final HaContext context;
    private final NodeWatchdog watchdog;
    private final ManagerStatusSource statusSource;
    private final CrmConfig config;
    private final ProblemLog problems;
    private final HardwareFencing hardware;
    private final CrmStorage storage;
    private String state = "wait_for_quorum";
    private long epoch;
    private Manager manager;
    private boolean busy;
    private boolean again;
    private boolean stopping;
    private boolean takingCommands;
    private final List<String> commands = new ArrayList<>();
    /** Agent locks of dead nodes this master took (fence acknowledged), by node, with their epochs. */
    private final Map<String, Long> agentLocks = new HashMap<>();
    private final Set<String> acquiring = new HashSet<>();

    CrmService(HaContext context, NodeWatchdog watchdog, ManagerStatusSource statusSource, ProblemLog problems,
               HardwareFencing hardware) {
        this.context = context;
        this.watchdog = watchdog;
        this.statusSource = statusSource;
        this.problems = problems;
        this.hardware = hardware;
        this.config = new CrmConfig(context, statusSource, problems);
        this.storage = new CrmStorage(context, problems);
    }

    /** pve-ha-crm's state: wait_for_quorum, slave, master or lost_manager_lock. */
    String state() {
        return state;
    }

    boolean isMaster() {
        return state.equals("master");
    }

    /** One loop iteration; asked again while one runs, it runs once more right after. */
    void tick() {
        if (stopping) {
            return;
        }
        if (busy) {
            again = true;
            return;
        }
        busy = true;
        iterate().onComplete(done -> {
            busy = false;
            if (done.failed()) {
                LOG.log(System.Logger.Level.WARNING, "crm iteration failed: " + done.cause().getMessage());
            }
            if (again) {
                again = false;
                tick();
            }
        });
    }

    private Future<Void> iterate() {
        boolean quorate = context.quorate();
        switch (state) {
            case "master" -> {
                long asked = System.nanoTime();
                return context.renew(HaPaths.MANAGER_LOCK, epoch).compose(outcome -> {
                    if (!(outcome instanceof Outcome.Done)) {
                        // keep the watchdog armed and unfed: unless the lock comes back, this node is reset
                        context.record(new LockEvent.Lost(HaPaths.MANAGER_LOCK, epoch, HaContext.describe(outcome)));
                        manager = null;
                        setState("lost_manager_lock");
                        return Future.succeededFuture();
                    }
                    return watchdog.proven(ROLE, asked).compose(v -> manage());
                });
            }
            default -> {
                if (!quorate) {
                    setState("wait_for_quorum");
                    return Future.succeededFuture();
                }
                // a node the master marked for fencing must not lead: it is about to be reset
                if (statusSource.current().nodeState(context.self()) == NodeState.FENCE) {
                    return Future.succeededFuture();
                }
                if (!context.lockMayBeTaken(HaPaths.MANAGER_LOCK)) {
                    // a live master renews it: asking would only add a refused entry to the log
                    waitAsSlave();
                    return Future.succeededFuture();
                }
                return becomeMaster(null);
            }
        }
    }

    /**
     * Hardware fencing proved {@code node} powered off: recover at once, and if it was the master,
     * take its manager lock now rather than after the expiry.
     */
    void onPoweredOff(String node) {
        if (!isMaster() && !busy && context.lockHolder(HaPaths.MANAGER_LOCK).map(node::equals).orElse(false)) {
            busy = true;
            becomeMaster(node).onComplete(done -> {
                busy = false;
                tick();
            });
            return;
        }
        tick();
    }

    /** Takes the manager lock (from {@code deadMaster}, proved powered off, when not null) and leads. */
    private Future<Void> becomeMaster(String deadMaster) {
        long asked = System.nanoTime();
        Future<Outcome> lock = deadMaster == null ? context.acquire(HaPaths.MANAGER_LOCK)
                : context.takeFromDead(HaPaths.MANAGER_LOCK, deadMaster);
        return lock.compose(outcome -> {
            if (!(outcome instanceof Outcome.Done done)) {
                waitAsSlave();
                return Future.succeededFuture();
            }
            epoch = done.epoch();
            return watchdog.proven(ROLE, asked).compose(v -> {
                ManagerStatus status = statusSource.current().copy();
                status.masterNode = context.self();
                // command uids must differ from any an earlier master handed out: epochs only grow
                manager = new Manager(status, this::log, epoch * 1_000_000L).withFenceDelay(context.timings().fenceDelayMs());
                agentLocks.clear();
                setState("master");
                return manage();
            }, e -> {
                context.record(new io.quorate.events.WatchdogEvent.Unavailable(e.getMessage()));
                return context.release(HaPaths.MANAGER_LOCK, done.epoch()).mapEmpty();
            });
        });
    }

    private void log(String level, String message) {
        context.record(new HaEvent.ManagerLog(level, message));
    }

    /** One manager iteration over the tree as committed here, then the new status under the lock. */
    private Future<Void> manage() {
        config.refresh();
        ManagerStatus status = manager.status();
        Set<String> online = context.onlineNodes();
        Map<String, LrmReport> lrm = new HashMap<>();
        for (String node : context.allNodes()) {
            context.readBytes(HaPaths.lrmStatus(node)).ifPresent(content -> {
                try {
                    lrm.put(node, LrmStatusJson.decode(node, content));
                    problems.clear(HaPaths.lrmStatus(node));
                } catch (IllegalArgumentException e) {
                    problems.report(HaPaths.lrmStatus(node), e.getMessage());
                }
            });
        }
        takeCommands();
        List<String> taken = new ArrayList<>(commands);
        commands.clear();
        ManagerStatus before = status.copy();
        Set<String> acknowledgedBefore = new HashSet<>(agentLocks.keySet());
        Map<String, ServiceConf> services = config.services(status, online);
        manager.withAffinity(config.affinity()).withStorage(storage.placement(services.keySet()))
                .manage(context.now(), context.allNodes(), online, lrm, services, taken, new Manager.AgentLocks() {
                    @Override
                    public boolean tryAcquire(String node) {
                        return agentLockTaken(node);
                    }

                    @Override
                    public boolean poweredOff(String node) {
                        return hardware.poweredOff(node);
                    }

                    @Override
                    public String poweredOffProof(String node) {
                        return hardware.proofOf(node);
                    }
                });
        StatusChanges.record(before, status, context::record);
        byte[] content = ManagerStatusJson.encode(status, context.wallSeconds());
        return context.write(HaPaths.MANAGER_STATUS, content, new Guard(HaPaths.MANAGER_LOCK, epoch)).compose(outcome -> {
            if (!(outcome instanceof Outcome.Done)) {
                LOG.log(System.Logger.Level.WARNING, "manager status not written: " + HaContext.describe(outcome));
                return Future.succeededFuture();
            }
            return releaseAcknowledged(acknowledgedBefore, status);
        });
    }

    /**
     * Fencing by lock: the dead node's agent lock is free to take only once it expired, which its
     * watchdog outlasts. Taken asynchronously; the manager sees it at the next iteration.
     */
    private boolean agentLockTaken(String node) {
        if (agentLocks.containsKey(node)) {
            return true;
        }
        if (context.lockMayBeTaken(HaPaths.agentLock(node)) && acquiring.add(node)) {
            context.acquire(HaPaths.agentLock(node)).onComplete(result -> {
                acquiring.remove(node);
                if (result.succeeded() && result.result() instanceof Outcome.Done done && isMaster()) {
                    agentLocks.put(node, done.epoch());
                    tick();
                }
            });
        }
        return false;
    }

    /**
     * Once a status that recovered a fenced node's services is committed, its agent lock goes back:
     * the node's LRM, when it returns, takes it and then reads that status, never an older one.
     */
    private Future<Void> releaseAcknowledged(Set<String> acknowledged, ManagerStatus status) {
        List<Future<?>> releases = new ArrayList<>();
        for (String node : acknowledged) {
            if (status.nodeState(node) != NodeState.FENCE) {
                Long lockEpoch = agentLocks.remove(node);
                releases.add(context.release(HaPaths.agentLock(node), lockEpoch));
            }
        }
        return Future.join(releases).mapEmpty();
    }

    /** Takes the queued admin commands: under the ha_config lock, read and empty the file. */
    private void takeCommands() {
        String queued = context.read(HaPaths.CRM_COMMANDS).orElse("");
        if (queued.isBlank() || takingCommands) {
            return;
        }
        takingCommands = true;
        context.acquire(HaPaths.CONFIG_LOCK).compose(outcome -> {
            if (!(outcome instanceof Outcome.Done done)) {
                return Future.succeededFuture();
            }
            Guard guard = new Guard(HaPaths.CONFIG_LOCK, done.epoch());
            // the tree here is at least at the lock's version: what it says now is all that was queued
            String content = context.read(HaPaths.CRM_COMMANDS).orElse("");
            return context.write(HaPaths.CRM_COMMANDS, new byte[0], guard).map(written -> {
                if (written instanceof Outcome.Done) {
                    List<String> lines = CrmCommand.parse(content);
                    List<String> valid = new ArrayList<>();
                    for (String line : lines) {
                        CrmCommand.problem(line).ifPresentOrElse(problem -> log("err", "crm command error - " + problem),
                                () -> valid.add(line));
                    }
                    commands.addAll(valid);
                    context.record(new HaEvent.CommandsTaken(lines));
                }
                return null;
            }).eventually(() -> context.release(HaPaths.CONFIG_LOCK, done.epoch()));
        }).onComplete(done -> {
            takingCommands = false;
            if (!commands.isEmpty()) {
                tick();
            }
        });
    }

    /** Quorate, another node leads: wait as a slave (a lost master stays in lost_manager_lock until reset). */
    private void waitAsSlave() {
        if (state.equals("wait_for_quorum")) {
            setState("slave");
        }
    }

    private void setState(String next) {
        if (!next.equals(state)) {
            context.record(new HaEvent.CrmStateChanged(state, next, epoch));
            state = next;
        }
    }

    /** A clean stop: a master gives its lock back, so another node takes over at once. */
    Future<Void> shutdown() {
        stopping = true;
        if (!isMaster()) {
            return Future.succeededFuture();
        }
        setState("wait_for_quorum");
        return context.release(HaPaths.MANAGER_LOCK, epoch).compose(o -> watchdog.ended(ROLE, "crm shutdown"));
    }
}
