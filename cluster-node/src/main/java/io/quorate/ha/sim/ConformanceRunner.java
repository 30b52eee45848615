package io.quorate.ha.sim;

import io.quorate.ha.conformance.CaseFormatException;
import io.quorate.ha.conformance.ConformanceReport;
import io.quorate.ha.conformance.DecisionComparison;
import io.quorate.ha.conformance.DecisionExtractor;
import io.quorate.ha.conformance.Decisions;
import io.quorate.ha.conformance.LogLine;
import io.quorate.ha.conformance.NodeHardware;
import io.quorate.ha.conformance.ProxmoxCase;
import io.quorate.ha.conformance.ServiceConfig;
import io.quorate.config.ConfigException;
import io.quorate.ha.config.GroupMigration;
import io.quorate.ha.config.GroupsConfig;
import io.quorate.ha.config.HaResource;
import io.quorate.ha.config.NodeAffinity;
import io.quorate.ha.config.RequestedState;
import io.quorate.ha.config.ResourceId;
import io.quorate.ha.config.ResourcesConfig;
import io.quorate.ha.config.RulesConfig;
import io.quorate.ha.core.ManagerStatus;
import io.quorate.ha.core.NodeState;
import io.quorate.ha.core.ServiceConf;
import io.quorate.ha.core.ServiceState;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs Proxmox HA regression cases on Quorate's HA core ({@link PveHaSim}) and compares the CRM
 * decisions with those in the case's expected log.
 */
public final class ConformanceRunner {
    private ConformanceRunner() {
    }

    /** The first difference from Proxmox's decisions, or empty when they match. */
    public static Optional<String> run(ProxmoxCase proxmoxCase) {
        List<LogLine> log = new ArrayList<>();
        for (PveHaSim.Line line : simulation(proxmoxCase).run()) {
            log.add(new LogLine(line.level(), line.time(), line.component(), line.message()));
        }
        Decisions actual = DecisionExtractor.fromLog(log, proxmoxCase.managerStatus());
        return DecisionComparison.compare(DecisionExtractor.expected(proxmoxCase), actual);
    }

    /** Runs every directory, recording PASS, FAIL (first difference) or ERROR (a case it cannot run). */
    public static ConformanceReport runAll(List<Path> dirs) {
        ConformanceReport report = new ConformanceReport();
        for (Path dir : dirs) {
            String name = dir.getFileName().toString();
            try {
                Optional<String> difference = run(ProxmoxCase.load(dir));
                if (difference.isEmpty()) {
                    report.pass(name);
                } else {
                    report.fail(name, difference.get());
                }
            } catch (CaseFormatException | PveHaSim.UnsupportedCommand e) {
                report.error(name, e.getMessage());
            } catch (RuntimeException e) {
                // a bug of the HA core shows as this case's error, and the other cases still run
                report.error(name, e.toString());
            }
        }
        return report;
    }

    static PveHaSim simulation(ProxmoxCase c) {
        Map<String, boolean[]> hardware = new TreeMap<>();
        for (Map.Entry<String, NodeHardware> e : c.hardware().entrySet()) {
            hardware.put(e.getKey(), new boolean[] {e.getValue().powerOn(), e.getValue().networkOn()});
        }
        GroupsConfig groups = parseOrEmpty(c, ProxmoxCase.GROUPS, c.groups(), GroupsConfig::parse, GroupsConfig.empty());
        RulesConfig rules = parseOrEmpty(c, ProxmoxCase.RULES_CONFIG, c.rulesConfig(), RulesConfig::parse, RulesConfig.empty());
        Map<String, ServiceConf> services = new TreeMap<>();
        List<HaResource> resources = new ArrayList<>();
        for (ServiceConfig s : c.services().values()) {
            HaResource resource = new HaResource(ResourceId.parse(s.sid()), RequestedState.STARTED, s.group(),
                    s.maxRestartOrDefault(), s.maxRelocateOrDefault(), s.failbackOrDefault(), Optional.empty());
            resources.add(resource);
            // a group's nofailback turns failback off, as the conversion to rules does
            boolean failback = GroupMigration.effectiveFailback(resource, groups);
            services.put(s.sid(), new ServiceConf(s.sid(), s.requestedState(), s.node(), s.maxRestartOrDefault(),
                    s.maxRelocateOrDefault(), failback));
        }
        NodeAffinity affinity = NodeAffinity.compile(ResourcesConfig.of(resources), groups, rules);
        String policy = c.datacenterCfg().map(d -> d.getJsonObject("ha", new JsonObject()).getString("shutdown_policy", "conditional"))
                .orElse("conditional");
        return new PveHaSim(hardware, c.cmdlist(), managerStatus(c.managerStatus()), services).withShutdownPolicy(policy)
                .withAffinity(affinity);
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(String source, String text) throws ConfigException;
    }

    private static <T> T parseOrEmpty(ProxmoxCase c, String file, Optional<String> text, Parser<T> parser, T empty) {
        if (text.isEmpty()) {
            return empty;
        }
        try {
            return parser.parse(c.dir().resolve(file).toString(), text.get());
        } catch (ConfigException e) {
            throw new CaseFormatException(c.dir().resolve(file), 0, e.getMessage());
        }
    }

    private static ManagerStatus managerStatus(JsonObject json) {
        ManagerStatus status = new ManagerStatus();
        status.masterNode = json.getString("master_node");
        JsonObject nodes = json.getJsonObject("node_status", new JsonObject());
        for (String node : nodes.fieldNames()) {
            status.nodes.put(node, new ManagerStatus.NodeEntry(NodeState.ofPveName(nodes.getString(node)), 0));
        }
        JsonObject services = json.getJsonObject("service_status", new JsonObject());
        for (String sid : services.fieldNames()) {
            JsonObject s = services.getJsonObject(sid);
            ManagerStatus.ServiceEntry entry = new ManagerStatus.ServiceEntry(ServiceState.ofPveName(s.getString("state")),
                    s.getString("node"), s.getString("uid"));
            entry.target = s.getString("target");
            status.services.put(sid, entry);
        }
        return status;
    }
}
