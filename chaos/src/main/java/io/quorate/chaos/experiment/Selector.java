package io.quorate.chaos.experiment;

/**
 * Which node a fault hits, resolved by the runner at the moment the fault is applied (so
 * {@code crm-master} means the master at that moment, not at the start of the run).
 */
public sealed interface Selector permits Selector.Node, Selector.NodeRunning, Selector.CrmMaster, Selector.Random {
    /** How the forms read in an experiment file, for error messages. */
    String FORMS = "node: NAME, node-running: SID, crm-master, random";

    /** {@code node: n1}: that node. */
    record Node(String name) implements Selector {
        @Override
        public String toString() {
            return "node: " + name;
        }
    }

    /** {@code node-running: vm:101}: the node the resource runs on (the outside prober's view). */
    record NodeRunning(ResourceId resource) implements Selector {
        @Override
        public String toString() {
            return "node-running: " + resource;
        }
    }

    /** {@code crm-master}: the node that holds the CRM manager lock. */
    record CrmMaster() implements Selector {
        @Override
        public String toString() {
            return "crm-master";
        }
    }

    /** {@code random}: a node drawn from the run's seeded random generator. */
    record Random() implements Selector {
        @Override
        public String toString() {
            return "random";
        }
    }
}
