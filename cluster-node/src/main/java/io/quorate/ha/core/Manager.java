package io.quorate.ha.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The CRM master's decisions (pve-ha-manager's Manager), deterministic: one {@link #manage} call is
 * one master iteration over the manager status, given the time, which nodes are online in the
 * quorate membership, what the LRMs reported and the resource config. Every change goes through
 * one method that logs it in pve-ha-manager's words, so runs can be compared with Proxmox's.
 */
public final class Manager {
    /** A node offline this long (since the master last saw it online) gets its services fenced. */
    public static final long FENCE_DELAY_MS = 60_000;

    /** Takes a dead node's agent lock: proof that its watchdog has fired (fence acknowledged). */
    @FunctionalInterface
    public interface AgentLocks {
        boolean tryAcquire(String node);

        /**
         * Proof from hardware fencing: the node was powered off (status read back) after it left the
         * quorate view, and has not returned since. Such a node is fenced at once, with no fence delay.
         */
        default boolean poweredOff(String node) {
            return false;
        }

        /** How {@link #poweredOff} knows, for the fence log line. */
        default String poweredOffProof(String node) {
            return "powered off (hardware fence)";
        }
    }

    private final HaLog log;
    private final ManagerStatus status;
    private AgentLocks fenceProof = node -> false;
    private long fenceDelayMs = FENCE_DELAY_MS;
    private long nextUid;
    private io.quorate.ha.config.NodeAffinity affinity = io.quorate.ha.config.NodeAffinity.none();
    private java.util.function.BiConsumer<String, String> stealGuestConfig = (sid, node) -> { };
    private io.quorate.ha.storage.StoragePlacement storage = io.quorate.ha.storage.StoragePlacement.unconstrained();

    public Manager(ManagerStatus status, HaLog log, long uidSeed) {
        this.status = status;
        this.log = log;
        this.nextUid = uidSeed;
    }

    public ManagerStatus status() {
        return status;
    }

    /**
     * How recovery moves a fenced node's guest config to the recovery node (Proxmox steals it: the
     * dead node cannot hand it over).
     */
    public Manager withGuestConfigMover(java.util.function.BiConsumer<String, String> mover) {
        this.stealGuestConfig = mover;
        return this;
    }

    /** How long a node stays offline before its services are fenced (the runtime scales it with the lock expiry). */
    public Manager withFenceDelay(long fenceDelayMs) {
        this.fenceDelayMs = fenceDelayMs;
        return this;
    }

    /** Where each service may run, from the node-affinity rules (and groups, converted as Proxmox 9 does). */
    public Manager withAffinity(io.quorate.ha.config.NodeAffinity affinity) {
        this.affinity = affinity;
        return this;
    }

    /**
     * Which nodes can reach each service's storage (default: every node, as without storage.cfg).
     * Every move — recovery, migrate/relocate commands, failback, maintenance — goes only to such a
     * node; a fenced node's service on non-shared storage goes to {@code error} instead of moving.
     */
    public Manager withStorage(io.quorate.ha.storage.StoragePlacement storage) {
        this.storage = storage;
        return this;
    }

    /**
     * One iteration: node states, fencing, then every service's next state.
     *
     * @param allNodes the cluster's nodes
     * @param online   nodes online in the quorate membership
     */
    public void manage(long now, List<String> allNodes, Set<String> online, Map<String, LrmReport> lrm,
                       Map<String, ServiceConf> config, List<String> commands, AgentLocks agentLocks) {
        fenceProof = agentLocks;
        updateNodes(now, allNodes, online, lrm);
        addNewServices(config);
        removeStaleServices(config);
        for (String command : commands) {
            execute(command, online, config);
        }
        fence(agentLocks);
        for (Map.Entry<String, ManagerStatus.ServiceEntry> e : new ArrayList<>(status.services.entrySet())) {
            ServiceConf conf = config.get(e.getKey());
            if (conf != null) {
                nextState(now, e.getKey(), e.getValue(), conf, lrm, online);
            }
        }
    }

    // ---- nodes

    private void updateNodes(long now, List<String> allNodes, Set<String> online, Map<String, LrmReport> lrm) {
        for (String node : allNodes) {
            ManagerStatus.NodeEntry entry = status.nodes.computeIfAbsent(node, n -> new ManagerStatus.NodeEntry(NodeState.UNKNOWN, -1));
            LrmReport report = lrm.get(node);
            boolean maintenance = report != null && report.mode().equals(LrmReport.MODE_MAINTENANCE);
            if (online.contains(node)) {
                entry.lastOnline = now;
                if (maintenance && (entry.state == NodeState.ONLINE || entry.state == NodeState.UNKNOWN)) {
                    setNodeState(node, NodeState.MAINTENANCE);
                } else if (!maintenance && entry.state == NodeState.MAINTENANCE) {
                    setNodeState(node, NodeState.ONLINE);
                    moveBack(node);
                } else if (entry.state == NodeState.UNKNOWN || entry.state == NodeState.GONE) {
                    setNodeState(node, NodeState.ONLINE);
                }
            } else if (entry.state == NodeState.ONLINE) {
                // a node in maintenance stays so while it is off: its services were moved away beforehand
                setNodeState(node, NodeState.UNKNOWN);
            }
        }
    }

    /** Services that left a node for its maintenance go back when it returns. */
    private void moveBack(String node) {
        for (Map.Entry<String, ManagerStatus.ServiceEntry> e : status.services.entrySet()) {
            ManagerStatus.ServiceEntry service = e.getValue();
            if (node.equals(service.maintenanceNode) && service.state == ServiceState.STARTED) {
                service.maintenanceNode = null;
                java.util.Optional<String> blocked = storage.whyNotMove(e.getKey(), service.node, node);
                if (blocked.isPresent()) {
                    log.log("warn", "not moving service '" + e.getKey() + "' back to '" + node + "': " + blocked.get());
                    continue;
                }
                log.log("info", "moving service '" + e.getKey() + "' back to '" + node + "', node came back from maintenance.");
                moveTo(e.getKey(), service, node);
            }
        }
    }

    /** Moves a running service: VMs migrate live, containers relocate (stop, start there). */
    private void moveTo(String sid, ManagerStatus.ServiceEntry service, String target) {
        if (sid.startsWith("ct:")) {
            changeState(sid, service, ServiceState.RELOCATE, service.node, target);
        } else {
            log.log("info", "migrate service '" + sid + "' to node '" + target + "' (running)");
            changeState(sid, service, ServiceState.MIGRATE, service.node, target);
        }
    }

    /** Offline for the fence delay, and not fenced since it was last online (a fenced node is dead already). */
    private boolean offlineDelayed(long now, String node) {
        ManagerStatus.NodeEntry entry = status.nodes.get(node);
        // a node in maintenance counts too once it is gone that long (Proxmox's node_is_offline_delayed)
        return entry != null && (entry.state == NodeState.UNKNOWN || entry.state == NodeState.MAINTENANCE)
                && entry.fencedAt <= entry.lastOnline
                && (now - entry.lastOnline >= fenceDelayMs || fenceProof.poweredOff(node));
    }

    private void setNodeState(String node, NodeState state) {
        ManagerStatus.NodeEntry entry = status.nodes.computeIfAbsent(node, n -> new ManagerStatus.NodeEntry(NodeState.UNKNOWN, -1));
        if (entry.state == state) {
            return;
        }
        log.log("info", "node '" + node + "': state changed from '" + entry.state.pveName() + "' => '" + state.pveName() + "'");
        entry.state = state;
    }

    // ---- admin commands (ha/crm_commands)

    /**
     * {@code migrate <sid> <node>} or {@code relocate <sid> <node>}: move a started service;
     * {@code stop <sid> <timeout>}: stop it (hard with timeout 0), and ask for it to stay stopped.
     * {@code config} is the resource config: the stop command changes its requested state.
     */
    private void execute(String command, Set<String> online, Map<String, ServiceConf> config) {
        log.log("info", "got crm command: " + command);
        String[] words = command.trim().split("\\s+");
        if (words.length == 2 && words[0].equals("enable-node-maintenance")) {
            status.maintenanceRequested.add(words[1]);
            return;
        }
        if (words.length == 2 && words[0].equals("disable-node-maintenance")) {
            status.maintenanceRequested.remove(words[1]);
            return;
        }
        if (words.length == 3 && words[0].equals("stop") && words[2].matches("\\d+")) {
            ManagerStatus.ServiceEntry service = status.services.get(words[1]);
            ServiceConf conf = config.get(words[1]);
            if (service == null || conf == null || service.state != ServiceState.STARTED) {
                return;
            }
            int timeout = Integer.parseInt(words[2]);
            log.log("info", timeout == 0 ? "request immediate service hard-stop for service '" + words[1] + "'"
                    : "request graceful stop with timeout '" + timeout + "' for service '" + words[1] + "'");
            config.put(words[1], new ServiceConf(conf.sid(), "stopped", conf.node(), conf.maxRestart(), conf.maxRelocate(),
                    conf.failback()));
            changeState(words[1], service, ServiceState.REQUEST_STOP, null, null, "  (timeout = " + timeout + ")");
            return;
        }
        if (words.length == 3 && (words[0].equals("migrate") || words[0].equals("relocate"))) {
            ManagerStatus.ServiceEntry service = status.services.get(words[1]);
            String target = words[2];
            if (service == null || target.equals(service.node)) {
                return;
            }
            if (!online.contains(target) || status.nodeState(target) != NodeState.ONLINE) {
                log.log("warn", "crm command error - node not online: " + command);
                return;
            }
            java.util.Optional<String> blocked = storage.whyNotMove(words[1], service.node, target);
            if (blocked.isPresent()) {
                log.log("warn", "crm command error - " + blocked.get() + ": " + command);
                return;
            }
            if (service.state == ServiceState.STOPPED) {
                // a stopped service just changes node (its LRM only has to confirm it is not running)
                changeState(words[1], service, ServiceState.RELOCATE, service.node, target);
            } else if (service.state == ServiceState.STARTED) {
                log.log("info", words[0] + " service '" + words[1] + "' to node '" + target + "'");
                changeState(words[1], service, words[0].equals("migrate") ? ServiceState.MIGRATE : ServiceState.RELOCATE,
                        service.node, target);
            }
        }
    }

    // ---- fencing

    /**
     * For every node in {@code fence}: taking its agent lock proves its watchdog reset it (the lock
     * expires only after the watchdog must have fired); then its fenced services are recovered.
     */
    private void fence(AgentLocks agentLocks) {
        for (Map.Entry<String, ManagerStatus.NodeEntry> node : status.nodes.entrySet()) {
            if (node.getValue().state != NodeState.FENCE) {
                continue;
            }
            String message;
            if (agentLocks.poweredOff(node.getKey())) {
                message = "fencing: acknowledged - node '" + node.getKey() + "' " + agentLocks.poweredOffProof(node.getKey());
            } else if (agentLocks.tryAcquire(node.getKey())) {
                message = "fencing: acknowledged - got agent lock for node '" + node.getKey() + "'";
            } else {
                continue;
            }
            log.log("info", message);
            node.getValue().fencedAt = Math.max(node.getValue().lastOnline + 1, node.getValue().fencedAt + 1);
            setNodeState(node.getKey(), NodeState.UNKNOWN);
            log.log("emai", "SUCCEED: " + message);
            for (Map.Entry<String, ManagerStatus.ServiceEntry> service : status.services.entrySet()) {
                if (service.getValue().state == ServiceState.FENCE && service.getValue().node.equals(node.getKey())) {
                    changeState(service.getKey(), service.getValue(), ServiceState.RECOVERY, null, null);
                }
            }
        }
    }

    // ---- services

    private void addNewServices(Map<String, ServiceConf> config) {
        for (ServiceConf conf : config.values()) {
            if (status.services.containsKey(conf.sid()) || conf.requestedState().equals("ignored")) {
                continue;
            }
            log.log("info", "adding new service '" + conf.sid() + "' on node '" + conf.node() + "'");
            ServiceState initial = conf.wantsStarted() ? ServiceState.REQUEST_START : ServiceState.REQUEST_STOP;
            status.services.put(conf.sid(), new ManagerStatus.ServiceEntry(initial, conf.node(), newUid()));
        }
    }

    private void removeStaleServices(Map<String, ServiceConf> config) {
        status.services.keySet().removeIf(sid -> {
            ServiceConf conf = config.get(sid);
            if (conf == null) {
                log.log("info", "removing stale service '" + sid + "' (no config)");
                return true;
            }
            if (conf.requestedState().equals("ignored")) {
                log.log("info", "removing stale service '" + sid + "' (ignored state requested)");
                return true;
            }
            return false;
        });
    }

    private void nextState(long now, String sid, ManagerStatus.ServiceEntry service, ServiceConf conf,
                           Map<String, LrmReport> lrm, Set<String> online) {
        Integer result = lrmResult(lrm, service);
        switch (service.state) {
            case STOPPED -> {
                NodeState nodeState = status.nodeState(service.node);
                if (nodeState == NodeState.FENCE || (offlineDelayed(now, service.node) && nodeState != NodeState.MAINTENANCE)) {
                    // even a stopped service is fenced with its node: nobody may start it elsewhere before
                    changeState(sid, service, ServiceState.FENCE, null, null);
                } else if (conf.wantsStarted()) {
                    // wherever its node is: the started state moves it, or fences it with its node
                    changeState(sid, service, ServiceState.REQUEST_START, service.node, null);
                    nextState(now, sid, service, conf, lrm, online);
                }
            }
            case REQUEST_START -> changeState(sid, service, ServiceState.STARTED, service.node, null);
            case STARTED -> {
                LrmReport nodeLrm = lrm.get(service.node);
                NodeState nodeState = status.nodeState(service.node);
                if (nodeState == NodeState.FENCE || offlineDelayed(now, service.node)) {
                    changeState(sid, service, ServiceState.FENCE, null, null);
                    if (nodeState == NodeState.MAINTENANCE && conf.wantsStarted()) {
                        // as Proxmox: it still picks the service a new node; the move fences it
                        // again at once, since its source node is gone
                        String target = selectNode(sid, online);
                        if (target != null) {
                            service.maintenanceNode = service.node;
                            moveTo(sid, service, target);
                            changeState(sid, service, ServiceState.FENCE, null, null);
                        }
                    }
                } else if (!conf.wantsStarted()) {
                    changeState(sid, service, ServiceState.REQUEST_STOP, null, null);
                } else if (nodeLrm != null && nodeLrm.mode().equals(LrmReport.MODE_RESTART)) {
                    // the node reboots (or shuts down under the freeze policy): keep the service where it is
                    changeState(sid, service, ServiceState.FREEZE, null, null);
                } else if (result != null && result != LrmReport.SUCCESS) {
                    startFailed(sid, service, conf, online);
                } else if (result != null && !service.failedNodes.isEmpty()) {
                    log.log("info", "relocation policy successful for '" + sid + "' on node '" + service.node
                            + "', failed nodes: " + String.join(", ", service.failedNodes));
                    service.failedNodes.clear();
                } else if (status.nodeState(service.node) == NodeState.MAINTENANCE) {
                    String target = selectNode(sid, online);
                    if (target != null) {
                        service.maintenanceNode = service.node;
                        moveTo(sid, service, target);
                    }
                } else {
                    failback(sid, service, conf, online);
                }
            }
            case FREEZE -> {
                LrmReport nodeLrm = lrm.get(service.node);
                if (status.nodeState(service.node) == NodeState.ONLINE && nodeLrm != null
                        && nodeLrm.mode().equals(LrmReport.MODE_ACTIVE)) {
                    changeState(sid, service, conf.wantsStarted() ? ServiceState.STARTED : ServiceState.REQUEST_STOP, null, null);
                }
            }
            case REQUEST_STOP -> {
                if (status.nodeState(service.node) == NodeState.FENCE || offlineDelayed(now, service.node)) {
                    changeState(sid, service, ServiceState.FENCE, null, null);
                } else if (result != null && result == LrmReport.SUCCESS) {
                    changeState(sid, service, ServiceState.STOPPED, null, null);
                } else if (result != null) {
                    log.log("err", "service '" + sid + "' stop failed (exit code " + result + ")");
                    changeState(sid, service, ServiceState.ERROR, null, null);
                }
            }
            case RECOVERY -> {
                if (conf.requestedState().equals("disabled")) {
                    // asked to stay off: nothing to recover, the node was fenced
                    changeState(sid, service, ServiceState.STOPPED, null, null);
                } else {
                    recover(sid, service, conf, online);
                }
            }
            case ERROR -> {
                // only an administrator clears an error: by disabling the resource
                if (conf.requestedState().equals("disabled")) {
                    changeState(sid, service, ServiceState.STOPPED, null, null);
                }
            }
            case MIGRATE, RELOCATE -> {
                if (status.nodeState(service.node) == NodeState.FENCE || offlineDelayed(now, service.node)) {
                    changeState(sid, service, ServiceState.FENCE, null, null);
                } else if (result != null && result == LrmReport.WRONG_NODE) {
                    log.log("err", "service '" + sid + "' - migration failed: service registered on wrong node!");
                    changeState(sid, service, ServiceState.ERROR, null, null);
                } else if (result != null) {
                    // done: it runs on the target now; failed: it stays where it was
                    if (result != LrmReport.SUCCESS) {
                        log.log("err", "service '" + sid + "' - migration failed (exit code " + result + ")");
                    }
                    String node = result == LrmReport.SUCCESS ? service.target : service.node;
                    service.node = node;
                    changeState(sid, service, conf.wantsStarted() ? ServiceState.STARTED : ServiceState.REQUEST_STOP, node, null);
                }
            }
            default -> {
                // fence waits for the node's agent lock; the other states come with later steps
            }
        }
    }

    private void recover(String sid, ManagerStatus.ServiceEntry service, ServiceConf conf, Set<String> online) {
        java.util.Optional<String> stuck = storage.whyNotMovable(sid);
        if (stuck.isPresent()) {
            // its volumes died with the node: starting it elsewhere would start it without them
            log.log("err", "recovering service '" + sid + "' from fenced node '" + service.node + "' failed: " + stuck.get());
            changeState(sid, service, ServiceState.ERROR, null, null);
            return;
        }
        String target = selectNode(sid, online);
        if (target == null) {
            log.log("err", "recovering service '" + sid + "' from fenced node '" + service.node + "' failed, no recovery node found");
            return;
        }
        log.log("info", "recover service '" + sid + "' from fenced node '" + service.node + "' to node '" + target + "'");
        stealGuestConfig.accept(sid, target);
        service.node = target;
        changeState(sid, service, conf.wantsStarted() ? ServiceState.STARTED : ServiceState.REQUEST_STOP, target, null);
    }

    /**
     * The LRM gave up starting the service on its node (after its restarts): relocate it to a node
     * where it has not failed, up to {@code max_relocate} times, then give up with {@code error}.
     */
    private void startFailed(String sid, ManagerStatus.ServiceEntry service, ServiceConf conf, Set<String> online) {
        service.failedNodes.add(service.node);
        boolean mayRelocate = service.failedNodes.size() <= conf.maxRelocate();
        String target = mayRelocate ? selectNode(sid, online, service.failedNodes) : null;
        if (mayRelocate && target == null) {
            log.log("warn", "starting service " + sid + " on node '" + service.node + "' failed, relocating service.");
            log.log("warn", "Start Error Recovery: Tried all available nodes for service '" + sid
                    + "', retry start on current node. Tried nodes: " + String.join(", ", service.failedNodes));
            service.uid = newUid(); // a new command: the LRM tries once more
            return;
        }
        if (target == null) {
            log.log("err", "recovery policy for service " + sid + " failed, entering error state. Failed nodes: "
                    + String.join(", ", service.failedNodes));
            changeState(sid, service, ServiceState.ERROR, null, null);
            return;
        }
        log.log("warn", "starting service " + sid + " on node '" + service.node + "' failed, relocating service.");
        if (sid.startsWith("vm:")) {
            moveTo(sid, service, target);
        } else {
            log.log("info", "relocate service '" + sid + "' to node '" + target + "'");
            changeState(sid, service, ServiceState.RELOCATE, service.node, target);
        }
    }

    /**
     * A started service moves when its node is not allowed any more (a strict rule), or — with
     * failback — when a node of higher priority is online.
     */
    private void failback(String sid, ManagerStatus.ServiceEntry service, ServiceConf conf, Set<String> online) {
        if (status.nodeState(service.node) != NodeState.ONLINE) {
            return; // a node that is gone is fenced first; nothing moves before
        }
        io.quorate.ha.config.AllowedNodes allowed = allowedNodes(sid, online);
        String best = selectNode(sid, online);
        if (best == null || best.equals(service.node)) {
            return;
        }
        boolean notAllowed = !allowed.allows(service.node);
        boolean better = allowed.priority(best).orElse(Integer.MIN_VALUE) > allowed.priority(service.node).orElse(Integer.MIN_VALUE);
        if (notAllowed || (conf.failback() && better)) {
            moveTo(sid, service, best);
        }
    }

    private io.quorate.ha.config.AllowedNodes allowedNodes(String sid, Set<String> online) {
        java.util.Set<String> usable = new java.util.TreeSet<>();
        for (String node : status.nodes.keySet()) {
            if (online.contains(node) && status.nodeState(node) == NodeState.ONLINE) {
                usable.add(node);
            }
        }
        return affinity.allowedNodes(io.quorate.ha.config.ResourceId.parse(sid), usable);
    }

    /**
     * The basic scheduler: among the allowed online nodes of the highest priority, the one with the
     * fewest services (counted where they run or are going), ties by name.
     */
    private String selectNode(String sid, Set<String> online) {
        return selectNode(sid, online, List.of());
    }

    /**
     * As {@link #selectNode(String, Set)}, avoiding nodes where the service already failed to start,
     * and nodes its storage does not let it move to.
     */
    private String selectNode(String sid, Set<String> online, List<String> avoid) {
        String current = status.services.get(sid).node;
        List<java.util.SortedSet<String>> tiers = new ArrayList<>();
        for (java.util.SortedSet<String> tier : allowedNodes(sid, online).byPriority()) {
            java.util.SortedSet<String> usable = new java.util.TreeSet<>(tier);
            usable.removeAll(avoid);
            usable.removeIf(node -> storage.whyNotMove(sid, current, node).isPresent());
            if (!usable.isEmpty()) {
                tiers.add(usable);
            }
        }
        if (tiers.isEmpty()) {
            return null;
        }
        Map<String, Integer> load = new TreeMap<>();
        for (String node : tiers.get(0)) {
            load.put(node, 0);
        }
        for (Map.Entry<String, ManagerStatus.ServiceEntry> e : status.services.entrySet()) {
            if (e.getKey().equals(sid)) {
                continue;
            }
            ManagerStatus.ServiceEntry s = e.getValue();
            if (countsOnCurrentNode(s.state)) {
                load.computeIfPresent(s.node, (n, c) -> c + 1);
            }
            if (s.target != null && (s.state == ServiceState.MIGRATE || s.state == ServiceState.RELOCATE
                    || s.state == ServiceState.REQUEST_START_BALANCE)) {
                load.computeIfPresent(s.target, (n, c) -> c + 1);
            }
        }
        return load.entrySet().stream().min(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                .thenComparing(Map.Entry::getKey)).map(Map.Entry::getKey).orElse(null);
    }

    private static boolean countsOnCurrentNode(ServiceState state) {
        return switch (state) {
            case STARTED, REQUEST_STOP, FENCE, FREEZE, ERROR, RECOVERY, MIGRATE, RELOCATE -> true;
            default -> false;
        };
    }

    private Integer lrmResult(Map<String, LrmReport> lrm, ManagerStatus.ServiceEntry service) {
        LrmReport report = lrm.get(service.node);
        return report == null ? null : report.results().get(service.uid);
    }

    /**
     * Every service state change goes through here: a new command uid for the LRM, the log line
     * (with node and target when the new state runs somewhere), and fencing of its node when the
     * service must be fenced.
     */
    private void changeState(String sid, ManagerStatus.ServiceEntry service, ServiceState next, String node, String target) {
        String where = node == null ? "" : target == null ? "  (node = " + node + ")" : "  (node = " + node + ", target = " + target + ")";
        changeState(sid, service, next, node, target, where);
    }

    private void changeState(String sid, ManagerStatus.ServiceEntry service, ServiceState next, String node, String target,
                             String where) {
        ServiceState previous = service.state;
        service.state = next;
        service.uid = newUid();
        service.target = target;
        log.log("info", "service '" + sid + "': state changed from '" + previous.pveName() + "' to '" + next.pveName() + "'" + where);
        if (next == ServiceState.FENCE && status.nodeState(service.node) != NodeState.FENCE) {
            setNodeState(service.node, NodeState.FENCE);
            log.log("emai", "FENCE: Try to fence node '" + service.node + "'");
        }
    }

    private String newUid() {
        return "u" + (++nextUid);
    }
}
