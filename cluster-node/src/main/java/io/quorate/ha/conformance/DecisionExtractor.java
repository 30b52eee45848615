package io.quorate.ha.conformance;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the CRM master's decisions out of a pve-ha-manager style log ({@code log.expect}, or a
 * Quorate run logged in the same words).
 *
 * <p>Only lines of the current CRM master count: the master is the {@code nodeN/crm} that last
 * logged {@code status change … => master}, until it logs {@code status change master => …} or
 * another CRM becomes master. LRM, hardware, cmdlist, watchdog, reboot and shutdown lines, and
 * other CRMs' lines, are ignored. Of the master's lines these shapes are decisions:
 *
 * <ul>
 *   <li>{@code service 'SID': state changed from 'A' to 'B'} with optional
 *       {@code  (node = N, target = T, timeout = S)} → a {@link ServiceChange} (timeout is not kept);</li>
 *   <li>{@code adding new service 'SID' on node 'N'} → {@link ServiceChange#ADDED};</li>
 *   <li>{@code removing stale service 'SID' (reason)} → {@link ServiceChange#REMOVED};</li>
 *   <li>{@code fixup service 'SID' location (A => B)} → no change of its own, moves the carried node;</li>
 *   <li>{@code node 'N': state changed from 'A' => 'B'} → a {@link NodeChange};</li>
 *   <li>{@code deleting gone node 'N', …} → {@link NodeChange#DELETED};</li>
 *   <li>{@code fencing: acknowledged - got agent lock for node 'N'} → a {@link FenceAck}, with the
 *       lock from the master's preceding {@code got lock '…'} line.</li>
 * </ul>
 *
 * <p>Everything else the master logs repeats a decision above in other words ({@code recover service
 * … to node …}, {@code migrate service … to node …}, {@code FENCE: …} / {@code SUCCEED: …} mails,
 * {@code … failed, relocating service.}, {@code recovery policy … entering error state}), is
 * repeated every round while nothing changes ({@code recovering service … failed, no recovery node
 * found}), echoes input ({@code got crm command: …}) or reports environment trouble ({@code cfs},
 * group migration). A line that starts like a state change but does not parse is an error.
 */
public final class DecisionExtractor {

    private static final Pattern STATUS_CHANGE = Pattern.compile("^status change (\\S+) => (\\S+)\\s*$");
    private static final Pattern SERVICE_CHANGE = Pattern.compile(
            "^service '([^']+)': state changed from '([^']*)' to '([^']+)'\\s*(?:\\(([^()]*)\\))?\\s*$");
    private static final Pattern SERVICE_CHANGE_PREFIX = Pattern.compile("^service '[^']*': state changed\\b.*");
    private static final Pattern ADD_SERVICE = Pattern.compile("^adding new service '([^']+)' on node '([^']+)'\\s*$");
    private static final Pattern REMOVE_SERVICE = Pattern.compile("^removing stale service '([^']+)'(?:\\s.*)?$");
    private static final Pattern FIXUP_LOCATION = Pattern.compile(
            "^fixup service '([^']+)' location \\((\\S+) => (\\S+)\\)\\s*$");
    private static final Pattern NODE_CHANGE = Pattern.compile(
            "^node '([^']+)': state changed from '([^']*)' => '([^']+)'\\s*$");
    private static final Pattern NODE_CHANGE_PREFIX = Pattern.compile("^node '[^']*': state changed\\b.*");
    private static final Pattern DELETE_NODE = Pattern.compile("^deleting gone node '([^']+)'.*$");
    private static final Pattern FENCE_ACK = Pattern.compile(
            "^fencing: acknowledged - got agent lock for node '([^']+)'\\s*$");
    private static final Pattern GOT_LOCK = Pattern.compile("^got lock '([^']+)'\\s*$");
    private static final Pattern PARAM = Pattern.compile("^\\s*(\\w+)\\s*=\\s*(\\S+)\\s*$");

    private DecisionExtractor() {
    }

    /** The decisions of a log that starts from an empty {@code manager_status}. */
    public static Decisions fromLog(List<LogLine> log) {
        return fromLog(log, new JsonObject());
    }

    /** The expected decisions of a case: its {@code log.expect} from its starting {@code manager_status}. */
    public static Decisions expected(ProxmoxCase c) {
        return fromLog(c.expectedLog(), c.managerStatus());
    }

    /**
     * The decisions of a log that starts from {@code initialManagerStatus}: its
     * {@code service_status} seeds each preloaded service's node and state, so the first logged
     * change of such a service carries its node even when the line does not name it.
     *
     * @throws IllegalArgumentException when a master line looks like a decision but does not parse
     */
    public static Decisions fromLog(List<LogLine> log, JsonObject initialManagerStatus) {
        return new Run(initialManagerStatus).extract(log);
    }

    /** Mutable state of one pass over a log. */
    private static final class Run {
        private final Map<String, List<ServiceChange>> services = new TreeMap<>();
        private final Map<String, List<NodeChange>> nodes = new TreeMap<>();
        private final List<FenceAck> fenceAcks = new ArrayList<>();
        private final Map<String, String> serviceNode = new HashMap<>();
        private final Map<String, String> serviceState = new HashMap<>();
        private final Map<String, String> lastLockByMaster = new HashMap<>();
        private String master;

        Run(JsonObject managerStatus) {
            JsonObject ss = managerStatus == null ? null : managerStatus.getJsonObject("service_status");
            if (ss != null) {
                for (String sid : ss.fieldNames()) {
                    Object entry = ss.getValue(sid);
                    if (entry instanceof JsonObject sd) {
                        if (sd.getValue("node") instanceof String node) {
                            serviceNode.put(sid, node);
                        }
                        if (sd.getValue("state") instanceof String state) {
                            serviceState.put(sid, state);
                        }
                    }
                }
            }
        }

        Decisions extract(List<LogLine> log) {
            for (LogLine line : log) {
                if (!line.isCrm()) {
                    continue;
                }
                String msg = line.message();
                Matcher status = STATUS_CHANGE.matcher(msg);
                if (status.matches()) {
                    if ("master".equals(status.group(2))) {
                        master = line.component();
                        lastLockByMaster.clear();
                    } else if ("master".equals(status.group(1)) && line.component().equals(master)) {
                        master = null;
                    }
                    continue;
                }
                if (line.component().equals(master)) {
                    decision(line, msg);
                }
            }
            return new Decisions(new TreeMap<>(services), new TreeMap<>(nodes), fenceAcks);
        }

        private void decision(LogLine line, String msg) {
            Matcher m;
            if ((m = SERVICE_CHANGE.matcher(msg)).matches()) {
                String sid = m.group(1);
                Map<String, String> params = params(line, m.group(4));
                String node = params.getOrDefault("node", serviceNode.get(sid));
                serviceChange(sid, new ServiceChange(line.time(), m.group(2), m.group(3), node, params.get("target")));
            } else if (SERVICE_CHANGE_PREFIX.matcher(msg).matches()) {
                throw malformed(line, "service state change");
            } else if ((m = ADD_SERVICE.matcher(msg)).matches()) {
                serviceChange(m.group(1), new ServiceChange(line.time(), null, ServiceChange.ADDED, m.group(2), null));
            } else if ((m = REMOVE_SERVICE.matcher(msg)).matches()) {
                String sid = m.group(1);
                serviceChange(sid, new ServiceChange(line.time(), serviceState.get(sid), ServiceChange.REMOVED,
                        serviceNode.get(sid), null));
                serviceState.remove(sid);
                serviceNode.remove(sid);
            } else if ((m = FIXUP_LOCATION.matcher(msg)).matches()) {
                serviceNode.put(m.group(1), m.group(3));
            } else if ((m = NODE_CHANGE.matcher(msg)).matches()) {
                nodes.computeIfAbsent(m.group(1), k -> new ArrayList<>())
                        .add(new NodeChange(line.time(), m.group(2), m.group(3)));
            } else if (NODE_CHANGE_PREFIX.matcher(msg).matches()) {
                throw malformed(line, "node state change");
            } else if ((m = DELETE_NODE.matcher(msg)).matches()) {
                List<NodeChange> changes = nodes.computeIfAbsent(m.group(1), k -> new ArrayList<>());
                String from = changes.isEmpty() ? null : changes.get(changes.size() - 1).state();
                changes.add(new NodeChange(line.time(), from, NodeChange.DELETED));
            } else if ((m = GOT_LOCK.matcher(msg)).matches()) {
                String lock = m.group(1);
                if (lock.startsWith("ha_agent_") && lock.endsWith("_lock")) {
                    lastLockByMaster.put(lock.substring("ha_agent_".length(), lock.length() - "_lock".length()), lock);
                }
            } else if ((m = FENCE_ACK.matcher(msg)).matches()) {
                String node = m.group(1);
                String lock = lastLockByMaster.getOrDefault(node, FenceAck.agentLock(node));
                fenceAcks.add(new FenceAck(line.time(), node, lock));
            }
        }

        private void serviceChange(String sid, ServiceChange change) {
            services.computeIfAbsent(sid, k -> new ArrayList<>()).add(change);
            serviceState.put(sid, change.state());
            if (change.node() != null) {
                serviceNode.put(sid, change.node());
            }
        }

        private static Map<String, String> params(LogLine line, String text) {
            Map<String, String> params = new LinkedHashMap<>();
            if (text == null || text.isBlank()) {
                return params;
            }
            for (String part : text.split(",")) {
                Matcher p = PARAM.matcher(part);
                if (!p.matches()) {
                    throw malformed(line, "service state change parameter '" + part.trim() + "'");
                }
                params.put(p.group(1), p.group(2));
            }
            return params;
        }

        private static IllegalArgumentException malformed(LogLine line, String what) {
            return new IllegalArgumentException("unparsable " + what + " at t=" + line.time() + " from "
                    + line.component() + ": '" + line.message() + "'");
        }
    }
}
