package io.quorate.chaos.run;

import java.util.List;

/**
 * A fault as the journal keeps it: what was done and how to undo it, in terms another process can
 * carry out (node names and nftables cuts, no live handles), so a run killed half-way is healed by
 * the next run or {@code lab down}.
 *
 * @param id      1, 2, ... within the run
 * @param name    the action's name in the experiment, or empty
 * @param kind    the action's key ({@code kill}, {@code partition}, {@code power}, ...)
 * @param summary one line for people: {@code power off n2 (node-running: vm:101)}
 * @param nodes   the nodes it hits
 * @param heal    how to undo it
 */
public record FaultRecord(int id, String name, String kind, String summary, List<String> nodes, Heal heal) {
    public FaultRecord {
        nodes = List.copyOf(nodes);
    }

    /** How a fault is undone. */
    public enum HealKind {
        /** The host was killed or stopped: kill what is left of it, then start it again. */
        RESTART_HOST,
        /** The host's process group was paused: SIGCONT. */
        RESUME_HOST,
        /** Lift these one-way cuts. */
        UNCUT,
        CLEAR_LOSS,
        CLEAR_BANDWIDTH,
        /** Power on over IPMI if the BMC reads off. */
        POWER_ON,
        /** Clear the node's transport latency. */
        CLEAR_LATENCY,
        /** Set the node's clock offset back to 0. */
        CLEAR_CLOCK_OFFSET,
        /** The guest's process group was paused: SIGCONT to it. */
        RESUME_GUEST,
        /** Nothing to undo (a guest killed: HA restarts it; a power cycle). */
        NOTHING
    }

    /**
     * @param cuts  for {@link HealKind#UNCUT}: pairs {@code [from, to]}
     * @param guest for {@link HealKind#RESUME_GUEST}: the sid
     */
    public record Heal(HealKind kind, List<List<String>> cuts, String guest) {
        public Heal {
            cuts = cuts == null ? List.of() : cuts.stream().map(List::copyOf).toList();
        }

        public static Heal of(HealKind kind) {
            return new Heal(kind, List.of(), null);
        }
    }

    public String label() {
        return name.isEmpty() ? kind + " #" + id : name;
    }
}
