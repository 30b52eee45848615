package io.quorate.sim;

import io.quorate.membership.View;
import io.quorate.protocol.RingId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * Checks the membership and quorum safety invariants over the whole run:
 * the same ring id always names the same members, and two disjoint sets of nodes are never quorate
 * at the same instant (unless the run uses a documented unsafe mode: two_node or an admin override).
 */
final class SafetyChecker {
    private final Map<RingId, SortedSet<Integer>> membersByRing = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private boolean unsafeModeUsed;

    void onViewInstalled(long trueTime, int node, View view) {
        SortedSet<Integer> earlier = membersByRing.putIfAbsent(view.ring(), view.members());
        if (earlier != null && !earlier.equals(view.members())) {
            violations.add(String.format("t=%s n%d installed ring %s with members %s, but another node installed it with %s",
                    Simulation.seconds(trueTime), node, view.ring(), view.members(), earlier));
        }
    }

    boolean unsafeModeUsed() {
        return unsafeModeUsed;
    }

    void markUnsafeMode() {
        unsafeModeUsed = true;
    }

    /** Called whenever any node's view or quorum changed; {@code quorate} maps node → its view. */
    void checkNoDisjointQuorums(long trueTime, Map<Integer, View> quorate) {
        if (unsafeModeUsed) {
            return;
        }
        List<Map.Entry<Integer, View>> entries = new ArrayList<>(quorate.entrySet());
        for (int i = 0; i < entries.size(); i++) {
            for (int j = i + 1; j < entries.size(); j++) {
                Set<Integer> a = entries.get(i).getValue().members();
                Set<Integer> b = entries.get(j).getValue().members();
                if (Collections.disjoint(a, b)) {
                    violations.add(String.format("t=%s split brain: n%d quorate in %s and n%d quorate in %s",
                            Simulation.seconds(trueTime), entries.get(i).getKey(), entries.get(i).getValue(),
                            entries.get(j).getKey(), entries.get(j).getValue()));
                    return;
                }
            }
        }
    }

    void addViolation(String violation) {
        violations.add(violation);
    }

    List<String> violations() {
        return violations;
    }

    /** The live list, for checkers that add to it. */
    List<String> violationList() {
        return violations;
    }
}
