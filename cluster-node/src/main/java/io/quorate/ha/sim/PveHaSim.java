package io.quorate.ha.sim;

import io.quorate.ha.core.LrmReport;
import io.quorate.ha.core.Manager;
import io.quorate.ha.core.ManagerStatus;
import io.quorate.ha.core.NodeState;
import io.quorate.ha.core.ServiceConf;
import io.quorate.ha.core.ServiceState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Quorate's HA core in the model of Proxmox's HA simulator (see the pve-ha-tests README): nodes
 * with power and network, a shared cluster file system, cluster locks that expire 120 s after the
 * last renewal and only a quorate node can take, a watchdog that resets a node 60 s after its last
 * update, and rounds in which every node runs a CRM then an LRM iteration, one second each. The
 * CRM master's decisions come from {@link Manager}; the log uses pve-ha-manager's words so a run
 * can be compared with Proxmox's expected log.
 */
public final class PveHaSim {
    static final long LOCK_EXPIRY_S = 120;
    static final long WATCHDOG_S = 60;
    static final String MANAGER_LOCK = "ha_manager_lock";

    /** One log line: level, time (s), component ({@code node1/crm}, {@code hardware}, ...), message. */
    public record Line(String level, long time, String component, String message) {
    }

    /** Thrown for a command this simulator does not model yet. */
    public static final class UnsupportedCommand extends RuntimeException {
        UnsupportedCommand(String command) {
            super("command not supported yet: " + command);
        }
    }

    private record Lock(String holder, long renewedAt) {
    }

    private final class Node {
        final String name;
        boolean power;
        boolean network;
        String crm = "startup";
        String lrm = "startup";
        long watchdogUpdatedAt = -1;
        Manager manager;
        /** A pending {@code shutdown} or {@code reboot}, and whether its services freeze. */
        String goingDown;
        boolean freeze;
        /** The LRM exited for a shutdown or reboot; the node powers off (and for a reboot on) next round. */
        boolean lrmExited;
        String mode = LrmReport.MODE_ACTIVE;
        /** {@code cfs <node> rw fail}: the cluster file system cannot be read or written on this node. */
        boolean cfsFailing;
        /** {@code crm <node> enable-node-maintenance}: kept across reboots until disabled. */
        boolean maintenanceRequested;
        final Set<String> running = new TreeSet<>();

        Node(String name, boolean power, boolean network) {
            this.name = name;
            this.power = power;
            this.network = network;
        }

        void crmState(long t, String next) {
            log("info", t, name + "/crm", "status change " + crm + " => " + next);
            crm = next;
        }

        void lrmState(long t, String next) {
            log("info", t, name + "/lrm", "status change " + lrm + " => " + next);
            lrm = next;
        }
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    /** Start failures so far of each fake resource ({@code fa:abcdef}); reset by a success. */
    private final Map<String, Integer> startFailures = new HashMap<>();
    /** Guest config locks ({@code service <sid> lock [name]}): a locked guest neither starts nor migrates. */
    private final Map<String, String> guestLocks = new HashMap<>();
    /** The node whose guest config holds each service ("registered on"); migrations move it. */
    private final Map<String, String> registeredOn = new HashMap<>();
    /** Restarts the LRM tried on its node for a service, as its restart policy counts them. */
    private final Map<String, Integer> restarts = new HashMap<>();
    private final Map<String, ServiceConf> config;
    private final List<List<String>> cmdlist;
    private final Map<String, Lock> locks = new HashMap<>();
    private final Map<String, LrmReport> lrmStatus = new TreeMap<>();
    /** ha/crm_commands: admin commands the master takes at its next iteration. */
    private final List<String> crmCommands = new ArrayList<>();
    private ManagerStatus cfsStatus;
    private final List<Line> lines = new ArrayList<>();
    /** Safety violations seen during the run: a service running on two nodes at once. */
    private final List<String> violations = new ArrayList<>();
    private long uidSeed;
    /** The time of the iteration running now, for log lines of the manager. */
    private long clock;
    /** A {@code delay N} command holds later batches back until this time. */
    private long delayUntil;
    private String shutdownPolicy = "conditional";
    private io.quorate.ha.config.NodeAffinity affinity = io.quorate.ha.config.NodeAffinity.none();

    public PveHaSim(Map<String, boolean[]> hardware, List<List<String>> cmdlist, ManagerStatus initial,
                    Map<String, ServiceConf> config) {
        new TreeMap<>(hardware).forEach((name, hw) -> nodes.put(name, new Node(name, hw[0], hw[1])));
        this.cmdlist = cmdlist;
        this.cfsStatus = initial.copy();
        this.config = new TreeMap<>(config);
        config.values().forEach(c -> registeredOn.put(c.sid(), c.node()));
    }

    /** Node-affinity rules (groups converted) the master places services by. */
    public PveHaSim withAffinity(io.quorate.ha.config.NodeAffinity affinity) {
        this.affinity = affinity;
        return this;
    }

    /** datacenter.cfg {@code ha: shutdown_policy}: conditional (default), freeze, failover or migrate. */
    public PveHaSim withShutdownPolicy(String policy) {
        this.shutdownPolicy = policy;
        return this;
    }

    /** Runs the whole case: batches every 5 rounds from t=20, then until 500 s after the last. */
    public List<Line> run() {
        log("info", 0, "hardware", "starting simulation");
        long round = Math.max(20, 2L * nodes.size());
        long t = 20;
        int batch = 0;
        long nextBatchAt = 20;
        long end = 10_000;
        while (t <= end) {
            if (batch < cmdlist.size() && t >= nextBatchAt) {
                for (String command : cmdlist.get(batch)) {
                    log("info", t, "cmdlist", "execute " + command);
                    execute(t, command);
                }
                batch++;
                nextBatchAt = Math.max(t + 5 * round, delayUntil);
                if (batch == cmdlist.size()) {
                    end = Math.min(end, t + 500);
                }
            }
            long step = t;
            for (Node node : nodes.values()) {
                if (node.power && node.lrmExited) {
                    finishGoingDown(node, t);
                }
                if (!node.power) {
                    continue; // a node that is off runs no iteration and takes no time
                }
                crmIteration(node, step);
                checkWatchdog(node, step);
                lrmIteration(node, step + 1);
                checkWatchdog(node, step + 1);
                checkNoServiceRunsTwice(step + 1);
                step += 2;
            }
            t += round;
        }
        log("info", end, "hardware", "exit simulation - done");
        return lines;
    }

    /**
     * Invariant 1 of the design: at no instant do two nodes run the same service. Fencing (power off
     * by watchdog or command) stops a node's guests; a recovery started before that is split brain.
     */
    private void checkNoServiceRunsTwice(long t) {
        Map<String, List<String>> where = new TreeMap<>();
        for (Node node : nodes.values()) {
            if (node.power) {
                node.running.forEach(sid -> where.computeIfAbsent(sid, k -> new ArrayList<>()).add(node.name));
            }
        }
        where.forEach((sid, on) -> {
            if (on.size() > 1) {
                violations.add("t=" + t + ": " + sid + " runs on " + on + " at once");
            }
        });
    }

    public List<String> violations() {
        return violations;
    }

    /** Each service the config wants started, and where it runs now (none, one, or several nodes). */
    public Map<String, List<String>> placement() {
        Map<String, List<String>> where = new TreeMap<>();
        config.values().stream().filter(ServiceConf::wantsStarted).forEach(c -> where.put(c.sid(), new ArrayList<>()));
        for (Node node : nodes.values()) {
            if (node.power) {
                node.running.forEach(sid -> {
                    if (where.containsKey(sid)) {
                        where.get(sid).add(node.name);
                    }
                });
            }
        }
        return where;
    }

    // ---- hardware and commands

    private void execute(long t, String command) {
        String[] words = command.trim().split("\\s+");
        if (words.length == 3 && words[0].equals("power") && nodes.containsKey(words[1])) {
            Node node = nodes.get(words[1]);
            if (words[2].equals("on") && node.power) {
                return;
            }
            if (words[2].equals("on")) {
                node.power = true;
                node.network = true;
                node.crm = "startup";
                node.lrm = "startup";
                node.mode = node.maintenanceRequested ? LrmReport.MODE_MAINTENANCE : LrmReport.MODE_ACTIVE;
                LrmReport old = lrmStatus.get(node.name);
                if (old != null) {
                    lrmStatus.put(node.name, new LrmReport("wait_for_agent_lock", node.mode, old.results()));
                }
                node.crmState(t, "wait_for_quorum");
                node.lrmState(t, "wait_for_agent_lock");
                return;
            } else if (words[2].equals("off")) {
                powerOff(t, node);
                return;
            }
        } else if (words.length == 3 && words[0].equals("network") && nodes.containsKey(words[1])) {
            nodes.get(words[1]).network = words[2].equals("on");
            return;
        } else if (words.length == 3 && words[0].equals("service") && config.containsKey(words[1])
                && java.util.Set.of("started", "stopped", "disabled", "ignored", "enabled").contains(words[2])) {
            ServiceConf old = config.get(words[1]);
            String state = words[2].equals("enabled") ? "started" : words[2];
            config.put(words[1], new ServiceConf(old.sid(), state, old.node(), old.maxRestart(), old.maxRelocate(), old.failback()));
            return;
        } else if (words.length == 4 && words[0].equals("service") && config.containsKey(words[1])
                && (words[2].equals("migrate") || words[2].equals("relocate")) && nodes.containsKey(words[3])) {
            crmCommands.add(words[2] + " " + words[1] + " " + words[3]);
            return;
        } else if (words.length == 3 && words[0].equals("crm") && nodes.containsKey(words[1])
                && (words[2].equals("enable-node-maintenance") || words[2].equals("disable-node-maintenance"))) {
            Node node = nodes.get(words[1]);
            if (node.power) {
                // the request goes to the node's LRM: a node that is off never hears it
                node.maintenanceRequested = words[2].startsWith("enable");
            }
            return;
        } else if (words.length == 2 && (words[0].equals("shutdown") || words[0].equals("reboot")) && nodes.containsKey(words[1])) {
            requestGoingDown(t, nodes.get(words[1]), words[0]);
            return;
        } else if (words.length == 3 && words[0].equals("service") && words[2].equals("delete")) {
            config.remove(words[1]);
            return;
        } else if (words.length >= 4 && words.length <= 6 && words[0].equals("service") && words[2].equals("add")
                && nodes.containsKey(words[3])) {
            String state = words.length >= 5 ? (words[4].equals("enabled") ? "started" : words[4]) : "started";
            config.put(words[1], new ServiceConf(words[1], state, words[3], 1, 1, true));
            registeredOn.put(words[1], words[3]);
            if (words.length == 6 && words[5].equals("running")) {
                nodes.get(words[3]).running.add(words[1]);
            }
            return;
        } else if (words.length == 4 && words[0].equals("service") && config.containsKey(words[1]) && words[2].equals("stop")
                && words[3].matches("\\d+")) {
            crmCommands.add("stop " + words[1] + " " + words[3]);
            return;
        } else if (words.length == 2 && words[0].equals("restart-lrm") && nodes.containsKey(words[1])) {
            Node node = nodes.get(words[1]);
            if (node.power) {
                node.goingDown = "restart-lrm";
                node.freeze = true;
                node.mode = LrmReport.MODE_RESTART;
                log("info", t, node.name + "/lrm", "restart LRM, freeze all services");
                LrmReport old = lrmStatus.get(node.name);
                lrmStatus.put(node.name, new LrmReport(node.lrm, node.mode, old == null ? Map.of() : old.results()));
            }
            return;
        } else if (words.length == 4 && words[0].equals("cfs") && nodes.containsKey(words[1])
                && (words[2].equals("rw") || words[2].equals("update")) && (words[3].equals("work") || words[3].equals("fail"))) {
            nodes.get(words[1]).cfsFailing = words[3].equals("fail");
            return;
        } else if (words.length >= 3 && words.length <= 4 && words[0].equals("service") && words[2].equals("lock")) {
            guestLocks.put(words[1], words.length == 4 ? words[3] : "backup");
            return;
        } else if (words.length >= 3 && words[0].equals("service") && words[2].equals("unlock")) {
            guestLocks.remove(words[1]);
            return;
        } else if (words[0].equals("pve-manager-version")) {
            // versions only gate the groups-to-rules migration, which changes no decision compared here
            return;
        } else if (words.length == 2 && words[0].equals("delay") && words[1].matches("\\d+")) {
            delayUntil = t + Long.parseLong(words[1]);
            return;
        }
        throw new UnsupportedCommand(command);
    }

    /**
     * The node's LRM learns of a shutdown or reboot at once and says how it will treat its services:
     * they freeze on a reboot under the conditional policy (and always under freeze); otherwise they
     * are stopped, and the master recovers them once the node is gone.
     */
    private void requestGoingDown(long t, Node node, String kind) {
        if (!node.power) {
            return;
        }
        node.goingDown = kind;
        node.freeze = shutdownPolicy.equals("freeze") || (shutdownPolicy.equals("conditional") && kind.equals("reboot"));
        String component = node.name + "/lrm";
        log("info", t, component, "got shutdown request with shutdown policy '" + shutdownPolicy + "'");
        String verb = kind.equals("reboot") ? "reboot" : "shutdown";
        if (node.maintenanceRequested) {
            // already in maintenance: nothing runs here to stop or freeze, and it stays in maintenance
            log("info", t, component, verb + " LRM, " + (node.freeze ? "stop and freeze all services" : "stop all services"));
        } else if (shutdownPolicy.equals("migrate")) {
            // the node's services move away first; the LRM exits once none is left
            log("info", t, component, verb + " LRM, doing maintenance, removing this node from active list");
            node.mode = LrmReport.MODE_MAINTENANCE;
        } else {
            log("info", t, component, verb + " LRM, " + (node.freeze ? "stop and freeze all services" : "stop all services"));
            node.mode = node.freeze ? LrmReport.MODE_RESTART : LrmReport.MODE_SHUTDOWN;
        }
        LrmReport old = lrmStatus.get(node.name);
        lrmStatus.put(node.name, new LrmReport(old == null ? node.lrm : old.state(), node.mode,
                old == null ? Map.of() : old.results()));
    }

    /** After the LRM exited: the CRM stops, the node powers off, and a reboot powers it on again. */
    private void finishGoingDown(Node node, long t) {
        String kind = node.goingDown;
        if (kind.equals("restart-lrm")) {
            // only the LRM restarts: it waits for its agent lock again, its services thaw
            node.lrmExited = false;
            node.goingDown = null;
            node.mode = LrmReport.MODE_ACTIVE;
            node.lrm = "startup";
            node.lrmState(t, "wait_for_agent_lock");
            LrmReport old = lrmStatus.get(node.name);
            lrmStatus.put(node.name, new LrmReport(node.lrm, node.mode, old == null ? Map.of() : old.results()));
            return;
        }
        log("info", t, kind, "execute crm " + node.name + " stop");
        log("info", t, node.name + "/crm", "server received shutdown request");
        if (node.crm.equals("master")) {
            locks.remove(MANAGER_LOCK);
        }
        log("info", t, node.name + "/crm", "exit (loop end)");
        log("info", t, kind, "execute power " + node.name + " off");
        node.power = false;
        node.network = false;
        node.running.clear();
        node.manager = null;
        node.watchdogUpdatedAt = -1;
        node.lrmExited = false;
        node.goingDown = null;
        if (kind.equals("reboot")) {
            log("info", t, kind, "execute power " + node.name + " on");
            execute(t, "power " + node.name + " on");
        }
    }

    private void powerOff(long t, Node node) {
        if (!node.power) {
            return;
        }
        node.power = false;
        node.network = false;
        log("info", t, node.name + "/crm", "killed by poweroff");
        log("info", t, node.name + "/lrm", "killed by poweroff");
        node.running.clear();
        node.manager = null;
        node.watchdogUpdatedAt = -1;
        // whatever the node was going down for is over: it is down
        node.goingDown = null;
        node.lrmExited = false;
        node.freeze = false;
    }

    private boolean online(Node node) {
        return node.power && node.network;
    }

    /** More than half the nodes online; a node whose network is off is alone. */
    private boolean quorate(Node node) {
        if (!online(node)) {
            return false;
        }
        long up = nodes.values().stream().filter(this::online).count();
        return up > nodes.size() / 2;
    }

    private void checkWatchdog(Node node, long t) {
        if (node.power && node.watchdogUpdatedAt >= 0 && t - node.watchdogUpdatedAt > WATCHDOG_S) {
            log("info", t, "watchdog", "execute power " + node.name + " off");
            powerOff(t, node);
            log("info", t, "hardware", "server '" + node.name + "' stopped by poweroff (watchdog)");
        }
    }

    // ---- cluster locks

    /** Acquire or renew: free, expired, or already ours; only a quorate node may. */
    private boolean tryLock(Node node, String name, long t, String component) {
        if (!quorate(node)) {
            return false;
        }
        Lock lock = locks.get(name);
        boolean ours = lock != null && lock.holder().equals(node.name);
        if (lock != null && !ours && t - lock.renewedAt() <= LOCK_EXPIRY_S) {
            return false;
        }
        locks.put(name, new Lock(node.name, t));
        if (!ours) {
            log("info", t, component, "got lock '" + name + "'");
        }
        return true;
    }

    // ---- CRM

    private void crmIteration(Node node, long t) {
        if (!node.power) {
            return;
        }
        if (node.cfsFailing) {
            // the daemon cannot read or write its state this round; its locks and watchdog are kept
            log("err", t, node.name + "/crm", "could not read manager status: cfs connection refused - not mounted?");
            log("err", t, node.name + "/crm", "got unexpected error - cfs connection refused - not mounted?");
            if (node.crm.equals("master") && tryLock(node, MANAGER_LOCK, t, node.name + "/crm")) {
                node.watchdogUpdatedAt = t;
            }
            return;
        }
        String component = node.name + "/crm";
        boolean quorate = quorate(node);
        switch (node.crm) {
            case "wait_for_quorum", "slave" -> {
                if (!quorate) {
                    if (node.crm.equals("slave")) {
                        node.crmState(t, "wait_for_quorum");
                    }
                    return;
                }
                // a node the master marked for fencing waits: it must not lead, nor count as a slave
                if (cfsStatus.nodeState(node.name) == NodeState.FENCE) {
                    return;
                }
                if (tryLock(node, MANAGER_LOCK, t, component)) {
                    node.crmState(t, "master");
                    becomeMaster(node, t);
                } else if (node.crm.equals("wait_for_quorum")) {
                    node.crmState(t, "slave");
                }
            }
            case "master" -> {
                if (!quorate || !tryLock(node, MANAGER_LOCK, t, component)) {
                    node.crmState(t, "lost_manager_lock");
                    node.manager = null;
                    return;
                }
                node.watchdogUpdatedAt = t;
                runManager(node, t);
            }
            case "lost_manager_lock" -> node.crmState(t, "wait_for_quorum");
            default -> {
            }
        }
    }

    private void becomeMaster(Node node, long t) {
        ManagerStatus status = cfsStatus.copy();
        status.masterNode = node.name;
        // uids must differ from any an earlier master handed out
        node.manager = new Manager(status, (level, message) -> log(level, clock, node.name + "/crm", message), uidSeed += 1_000_000)
                .withAffinity(affinity).withGuestConfigMover(this::stealGuestConfig);
        node.watchdogUpdatedAt = t;
        runManager(node, t);
    }

    private void runManager(Node node, long t) {
        clock = t;
        ManagerStatus status = node.manager.status();
        List<String> all = new ArrayList<>(nodes.keySet());
        Set<String> onlineQuorate = new HashSet<>();
        for (Node n : nodes.values()) {
            if (quorate(n)) {
                onlineQuorate.add(n.name);
            }
        }
        List<String> commands = new ArrayList<>(crmCommands);
        crmCommands.clear();
        node.manager.manage(t * 1000, all, onlineQuorate, lrmStatus, config, commands,
                dead -> tryLock(node, "ha_agent_" + dead + "_lock", t, node.name + "/crm"));
        cfsStatus = status.copy();
    }

    // ---- LRM

    private void lrmIteration(Node node, long t) {
        if (!node.power) {
            return;
        }
        if (node.cfsFailing) {
            if (node.lrm.equals("active") && tryLock(node, "ha_agent_" + node.name + "_lock", t, node.name + "/lrm")) {
                node.watchdogUpdatedAt = t;
            }
            return;
        }
        String component = node.name + "/lrm";
        String agentLock = "ha_agent_" + node.name + "_lock";
        if (node.goingDown != null && !node.lrmExited && !node.lrm.equals("active") && !node.lrm.equals("maintenance")) {
            exitLrm(node, t, agentLock); // an LRM without its lock has nothing to stop: it just exits
            return;
        }
        switch (node.lrm) {
            case "wait_for_agent_lock" -> {
                String wanted = node.maintenanceRequested ? LrmReport.MODE_MAINTENANCE : LrmReport.MODE_ACTIVE;
                if (!wanted.equals(node.mode) && node.goingDown == null) {
                    node.mode = wanted;
                    LrmReport old = lrmStatus.get(node.name);
                    lrmStatus.put(node.name, new LrmReport(node.lrm, wanted, old == null ? Map.of() : old.results()));
                }
                if (hasWork(node) && tryLock(node, agentLock, t, component)) {
                    node.lrmState(t, "active");
                    node.watchdogUpdatedAt = t;
                    work(node, t);
                }
            }
            case "active", "maintenance" -> {
                if (node.goingDown != null && !(node.mode.equals(LrmReport.MODE_MAINTENANCE) && ownsServices(node))) {
                    exitLrm(node, t, agentLock);
                    return;
                }
                boolean maintenance = node.maintenanceRequested || (node.goingDown != null && node.mode.equals(LrmReport.MODE_MAINTENANCE));
                if (maintenance && node.lrm.equals("active")) {
                    node.lrmState(t, "maintenance");
                } else if (!maintenance && node.lrm.equals("maintenance")) {
                    node.lrmState(t, "active");
                }
                if (node.goingDown == null) {
                    // the mode follows the request, whatever path (lost lock, restart) the LRM took since
                    node.mode = maintenance ? LrmReport.MODE_MAINTENANCE : LrmReport.MODE_ACTIVE;
                } else if (maintenance) {
                    node.mode = LrmReport.MODE_MAINTENANCE;
                }
                if (!tryLock(node, agentLock, t, component)) {
                    // without quorum the agent lock cannot be renewed: stop feeding the watchdog
                    node.lrmState(t, "lost_agent_lock");
                    return;
                }
                node.watchdogUpdatedAt = t;
                work(node, t);
            }
            case "lost_agent_lock" -> {
                if (tryLock(node, agentLock, t, component)) {
                    node.lrmState(t, "active");
                    node.watchdogUpdatedAt = t;
                    work(node, t);
                }
            }
            default -> {
            }
        }
    }

    /**
     * Recovery takes a fenced node's guest config. Locks a crash leaves behind (backup, migrate, ...)
     * go with it; those of a manual action (create, snapshot, ...) need an administrator.
     */
    private void stealGuestConfig(String sid, String node) {
        registeredOn.put(sid, node);
        String lock = guestLocks.get(sid);
        if (lock != null && !java.util.Set.of("create", "snapshot", "snapshot-delete", "rollback").contains(lock)) {
            guestLocks.remove(sid);
        }
    }

    /** Whether the manager status still places a service on this node (other than stopped). */
    private boolean ownsServices(Node node) {
        return cfsStatus.services.values().stream().anyMatch(s -> node.name.equals(s.node) && s.state != ServiceState.STOPPED);
    }

    /**
     * The LRM stops its services and exits; without freeze it gives up its agent lock, so the master
     * may recover the services at once once the node is gone, with no need to wait out the lock.
     */
    private void exitLrm(Node node, long t, String agentLock) {
        String component = node.name + "/lrm";
        for (String sid : new ArrayList<>(node.running)) {
            log("info", t, component, "stopping service " + sid);
            node.running.remove(sid);
            log("info", t, component, "service status " + sid + " stopped");
        }
        if (!node.freeze || node.goingDown.equals("restart-lrm")) {
            locks.remove(agentLock);
        }
        log("info", t + 1, component, "exit (loop end)");
        node.lrmExited = true;
        node.watchdogUpdatedAt = -1;
    }

    /**
     * An LRM takes its agent lock only when it has work: a service assigned to it that is not
     * stopped (nor waiting to be fenced or recovered elsewhere), and only with quorum.
     */
    private boolean hasWork(Node node) {
        if (!quorate(node) || cfsStatus.nodeState(node.name) == NodeState.FENCE) {
            return false;
        }
        return cfsStatus.services.values().stream().anyMatch(s -> node.name.equals(s.node)
                && s.state != ServiceState.STOPPED && s.state != ServiceState.FENCE && s.state != ServiceState.RECOVERY
                && s.state != ServiceState.FREEZE);
    }

    /** Carries out what the manager status asks of this node's services, and reports results by uid. */
    private void work(Node node, long t) {
        String component = node.name + "/lrm";
        Map<String, Integer> results = new TreeMap<>();
        for (Map.Entry<String, ManagerStatus.ServiceEntry> e : cfsStatus.services.entrySet()) {
            ManagerStatus.ServiceEntry service = e.getValue();
            if (!node.name.equals(service.node)) {
                continue;
            }
            String sid = e.getKey();
            if (service.state == ServiceState.STARTED) {
                // recovery steals the guest config to the node it recovers to
                registeredOn.put(sid, node.name);
                if (!node.running.contains(sid)) {
                    log("info", t, component, "starting service " + sid);
                    String lock = guestLocks.get(sid);
                    if (lock != null) {
                        log("err", t, component, "service '" + sid + "' locked (" + lock + "), unable to start!");
                    }
                    if (lock != null || FakeResource.of(sid).failsToStart(node.name, startFailures.getOrDefault(sid, 0))) {
                        startFailures.merge(sid, 1, Integer::sum);
                        log("warn", t, component, "unable to start service " + sid);
                        int tried = restarts.getOrDefault(sid, 0);
                        int maxRestart = config.containsKey(sid) ? config.get(sid).maxRestart() : 1;
                        if (tried < maxRestart) {
                            restarts.put(sid, tried + 1);
                            log("warn", t, component, "restart policy: retry number " + (tried + 1) + " for service '" + sid + "'");
                            continue; // no result yet: the CRM waits
                        }
                        restarts.remove(sid);
                        log("err", t, component, "unable to start service " + sid + " on local node after " + tried + " retries");
                        results.put(service.uid, 1);
                        continue;
                    }
                    startFailures.remove(sid);
                    restarts.remove(sid);
                    node.running.add(sid);
                    log("info", t, component, "service status " + sid + " started");
                }
                results.put(service.uid, LrmReport.SUCCESS);
            } else if (service.state == ServiceState.MIGRATE || service.state == ServiceState.RELOCATE) {
                String kind = service.state == ServiceState.MIGRATE ? "migrate" : "relocate";
                String registered = registeredOn.get(sid);
                if (registered != null && !registered.equals(node.name)) {
                    log("err", t, component, "service '" + sid + "' not on this node");
                    results.put(service.uid, LrmReport.WRONG_NODE);
                    continue;
                }
                if (guestLocks.containsKey(sid)) {
                    log("info", t, component, "service " + sid + " - start " + kind + " to node '" + service.target + "'");
                    log("err", t, component, "service '" + sid + "' locked (" + guestLocks.get(sid) + "), unable to " + kind + "!");
                    log("err", t, component, "service " + sid + " not moved (migration error)");
                    results.put(service.uid, LrmReport.ERROR);
                    continue;
                }
                registeredOn.put(sid, service.target);
                if (service.state == ServiceState.RELOCATE && node.running.contains(sid)) {
                    log("info", t, component, "stopping service " + sid);
                    log("info", t, component, "service status " + sid + " stopped");
                }
                node.running.remove(sid);
                log("info", t, component, "service " + sid + " - start " + kind + " to node '" + service.target + "'");
                log("info", t, component, "service " + sid + " - end " + kind + " to node '" + service.target + "'");
                results.put(service.uid, LrmReport.SUCCESS);
            } else if (service.state == ServiceState.REQUEST_STOP || service.state == ServiceState.STOPPED) {
                if (FakeResource.of(sid).failsToStop() && node.running.contains(sid)) {
                    log("info", t, component, "stopping service " + sid);
                    log("err", t, component, "unable to stop service " + sid);
                    results.put(service.uid, 1);
                    continue;
                }
                if (node.running.remove(sid)) {
                    log("info", t, component, "stopping service " + sid);
                    log("info", t, component, "service status " + sid + " stopped");
                }
                results.put(service.uid, LrmReport.SUCCESS);
            }
        }
        lrmStatus.put(node.name, new LrmReport("active", node.mode, results));
    }

    private void log(String level, long t, String component, String message) {
        lines.add(new Line(level, t, component, message));
    }
}
