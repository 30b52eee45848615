package io.quorate.chaos.lab;

import io.quorate.runtime.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Waits until every node of a lab is quorate with every member online and the config tree has one leader. */
public final class ClusterReadiness {
    private ClusterReadiness() {
    }

    static void await(ChaosLab lab, Duration limit) throws InterruptedException {
        List<String> last = new ArrayList<>(List.of("no answer yet"));
        boolean ready = Poll.until(limit, Duration.ofMillis(200), () -> {
            List<String> problems = problems(lab);
            last.set(0, String.join("; ", problems));
            return problems.isEmpty();
        });
        if (!ready) {
            throw new LabException("the lab's cluster did not become ready within " + limit.toSeconds() + " s (" + last.get(0)
                    + "); see node.log in " + lab.dir() + "/n*");
        }
    }

    /**
     * What keeps the cluster from having converged, empty when it has: every node answers, is quorate
     * with every member online, and its config tree is current under one leader (DESIGN's invariant 4).
     */
    public static List<String> problems(ChaosLab lab) {
        List<String> problems = new ArrayList<>();
        String leader = null;
        for (String node : lab.nodeNames()) {
            Optional<JsonArray> status = LabCluster.get(lab, node, "/api2/json/cluster/status").map(s -> s.getJsonArray("data"));
            if (status.isEmpty()) {
                problems.add(node + " does not answer");
                continue;
            }
            long online = status.get().stream().skip(1).filter(e -> ((JsonObject) e).getInteger("online", 0) == 1).count();
            if (status.get().getJsonObject(0).getInteger("quorate", 0) != 1 || online < lab.nodeNames().size()) {
                problems.add(node + " sees " + online + " of " + lab.nodeNames().size() + " online");
                continue;
            }
            Optional<JsonObject> fs = LabCluster.get(lab, node, "/api2/json/cluster/fs/status").map(s -> s.getJsonObject("data"));
            String nodeLeader = fs.map(f -> f.getString("leader")).orElse(null);
            if (nodeLeader == null || !fs.get().getBoolean("current", false)) {
                problems.add(node + ": config tree not current");
            } else if (leader != null && !leader.equals(nodeLeader)) {
                problems.add(node + " follows " + nodeLeader + ", others " + leader);
            }
            leader = leader == null ? nodeLeader : leader;
        }
        return problems;
    }
}
