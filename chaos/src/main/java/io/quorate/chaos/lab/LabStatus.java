package io.quorate.chaos.lab;

import io.quorate.ha.fence.IpmiFencer;
import io.quorate.lab.HaHost;
import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What runs in a lab, as {@code quorate lab status} shows it.
 *
 * @param healthy every process runs and every node is quorate
 */
public record LabStatus(String dir, String prefix, boolean namespaces, String kafka, boolean kafkaRunning, String prometheus,
                        boolean prometheusRunning, List<NodeStatus> nodes, boolean healthy) {

    /** One host. {@code power} is what its BMC answers over IPMI ({@code on}, {@code off}, or the error). */
    public record NodeStatus(String name, String address, boolean nodeRunning, boolean bmcRunning, String power, String quorum) {
    }

    public static LabStatus of(Path dir) {
        ChaosLab lab;
        boolean namespaces = true;
        try {
            lab = ChaosLab.attach(dir);
        } catch (LabException e) {
            namespaces = false;
            lab = null;
        }
        LabState state = lab != null ? lab.state() : LabState.read(dir.toAbsolutePath());
        IpmiFencer ipmi = new IpmiFencer(Duration.ofSeconds(2), Duration.ofSeconds(2));
        List<NodeStatus> nodes = new ArrayList<>();
        boolean healthy = namespaces;
        for (LabState.Node node : state.nodes()) {
            boolean running = hostRunning(node);
            boolean bmc = alive(node.bmc().pid());
            String power = bmc && lab != null ? powerStatus(ipmi, lab, node.name()) : "BMC not running";
            String quorum = lab == null || !running ? "-" : quorum(lab, node.name());
            healthy &= running && bmc && quorum.equals("quorate");
            nodes.add(new NodeStatus(node.name(), node.clusterAddress(), running, bmc, power, quorum));
        }
        boolean kafka = alive(state.kafkaPid());
        boolean prometheus = state.prometheus() != null && alive(state.prometheusPid());
        healthy &= kafka && (state.prometheus() == null || prometheus);
        return new LabStatus(dir.toAbsolutePath().toString(), state.label(), namespaces, state.kafka(), kafka,
                state.prometheus(), prometheus, nodes, healthy);
    }

    private static boolean hostRunning(LabState.Node node) {
        try {
            return HaHost.existing(Path.of(node.dir())).nodeAlive();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String powerStatus(IpmiFencer ipmi, ChaosLab lab, String node) {
        try {
            return ipmi.powerStatus(lab.bmc(node));
        } catch (RuntimeException e) {
            return "error: " + e.getMessage();
        }
    }

    private static String quorum(ChaosLab lab, String node) {
        Optional<JsonArray> status = LabCluster.get(lab, node, "/api2/json/cluster/status").map(s -> s.getJsonArray("data"));
        return status.map(s -> s.getJsonObject(0).getInteger("quorate", 0) == 1 ? "quorate" : "not quorate").orElse("no answer");
    }

    private static boolean alive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    public String text() {
        StringBuilder text = new StringBuilder();
        text.append("lab ").append(prefix).append(" in ").append(dir).append(": ").append(healthy ? "healthy" : "DEGRADED").append('\n');
        text.append("  namespaces: ").append(prefix.equals("loopback") ? "none (loopback lab: no partitions, loss or bandwidth caps)"
                : namespaces ? "present" : "MISSING").append('\n');
        text.append("  kafka: ").append(kafka).append(kafkaRunning ? " (running)" : " (NOT RUNNING)").append('\n');
        text.append("  prometheus: ").append(prometheus == null ? "none" : "http://" + prometheus + (prometheusRunning ? " (running)"
                : " (NOT RUNNING)")).append('\n');
        for (NodeStatus node : nodes) {
            text.append(String.format("  %-4s %-15s node %-11s BMC %-11s power %-6s %s%n", node.name(), node.address(),
                    node.nodeRunning() ? "running" : "NOT RUNNING", node.bmcRunning() ? "running" : "NOT RUNNING", node.power(),
                    node.quorum()));
        }
        return text.toString().stripTrailing();
    }
}
