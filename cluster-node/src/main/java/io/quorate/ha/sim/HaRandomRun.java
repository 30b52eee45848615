package io.quorate.ha.sim;

import io.quorate.ha.core.ManagerStatus;
import io.quorate.ha.core.ServiceConf;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Seeded random HA scenarios (a Jepsen-style nemesis over the HA simulator): power and network
 * faults, shutdowns, reboots, LRM restarts, maintenance, migrations and state changes on 3–5 nodes,
 * then a repair. Checks that no service ever runs on two nodes, and that after the repair every
 * service that should run runs on exactly one node. A failing seed replays with
 * {@code quorate ha sim-random --seed N}.
 */
public final class HaRandomRun {
    /** The result of one seed: its violations (none when it passed) and its commands. */
    public record Outcome(long seed, List<String> violations, List<List<String>> cmdlist, List<PveHaSim.Line> log) {
        public boolean passed() {
            return violations.isEmpty();
        }
    }

    private HaRandomRun() {
    }

    public static Outcome run(long seed) {
        Random random = new Random(seed);
        int nodeCount = 3 + random.nextInt(3);
        List<String> nodes = new ArrayList<>();
        Map<String, boolean[]> hardware = new TreeMap<>();
        for (int i = 1; i <= nodeCount; i++) {
            nodes.add("node" + i);
            hardware.put("node" + i, new boolean[] {false, false});
        }
        Map<String, ServiceConf> services = new TreeMap<>();
        int serviceCount = 1 + random.nextInt(6);
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < serviceCount; i++) {
            String sid = (random.nextInt(4) == 0 ? "ct:" : "vm:") + (101 + i);
            sids.add(sid);
            services.put(sid, new ServiceConf(sid, "started", pick(random, nodes), 1, 1, true));
        }
        List<List<String>> cmdlist = new ArrayList<>();
        cmdlist.add(nodes.stream().map(n -> "power " + n + " on").toList());
        for (int batch = 0, batches = 2 + random.nextInt(6); batch < batches; batch++) {
            List<String> commands = new ArrayList<>();
            for (int k = 0, count = 1 + random.nextInt(2); k < count; k++) {
                commands.add(fault(random, nodes, sids));
            }
            cmdlist.add(commands);
        }
        // repair: everything on, connected, out of maintenance, wanted
        List<String> repair = new ArrayList<>();
        for (String node : nodes) {
            repair.add("power " + node + " on");
            repair.add("network " + node + " on");
            repair.add("crm " + node + " disable-node-maintenance");
        }
        sids.forEach(sid -> repair.add("service " + sid + " started"));
        cmdlist.add(repair);
        // once more after the watchdogs settled: a node whose watchdog fires after the first repair
        // (it lost its lock before) is powered on again
        cmdlist.add(repair);
        PveHaSim sim = new PveHaSim(hardware, cmdlist, new ManagerStatus(), services);
        List<PveHaSim.Line> log = sim.run();
        List<String> violations = new ArrayList<>(sim.violations());
        sim.placement().forEach((sid, on) -> {
            if (on.size() != 1) {
                violations.add("after the repair " + sid + " runs on " + on + ", not on exactly one node");
            }
        });
        return new Outcome(seed, violations, cmdlist, log);
    }

    private static String fault(Random random, List<String> nodes, List<String> sids) {
        String node = pick(random, nodes);
        String sid = pick(random, sids);
        return switch (random.nextInt(11)) {
            case 0 -> "network " + node + " off";
            case 1 -> "network " + node + " on";
            case 2 -> "power " + node + " off";
            case 3 -> "power " + node + " on";
            case 4 -> "shutdown " + node;
            case 5 -> "reboot " + node;
            case 6 -> "restart-lrm " + node;
            case 7 -> "crm " + node + " " + (random.nextBoolean() ? "enable" : "disable") + "-node-maintenance";
            case 8 -> "service " + sid + " " + (random.nextBoolean() ? "migrate " : "relocate ") + node;
            case 9 -> "service " + sid + " " + (random.nextBoolean() ? "stopped" : "started");
            default -> "service " + sid + " stop " + random.nextInt(2) * 30;
        };
    }

    private static String pick(Random random, List<String> items) {
        return items.get(random.nextInt(items.size()));
    }
}
