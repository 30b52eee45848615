package io.quorate.chaos.lab;

import io.quorate.chaos.experiment.ResourceId;
import java.util.List;

/**
 * How to build a lab.
 *
 * @param nodes                        hosts n1..nN, each a network namespace with supervisor and node
 * @param guests                       HA resources added once the cluster is ready (process guests)
 * @param tokenMs                      Corosync's token timeout for the cluster
 * @param haOptions                    HA timing options for every {@code quorate node run}
 * @param prometheus                   start a Prometheus that scrapes every node (needs the Debian package)
 * @param unsafeRecoverWithoutFencing  test-only: the CRM recovers without fencing, so split brain becomes possible
 * @param network                      where the hosts live
 */
public record LabOptions(int nodes, List<ResourceId> guests, long tokenMs, List<String> haOptions, boolean prometheus,
                         boolean unsafeRecoverWithoutFencing, Network network) {
    /** Where a lab's hosts live. */
    public enum Network {
        /** Network namespaces when this machine allows them (root, iproute2, nftables), else loopback. */
        auto,
        /** Each host in a network namespace: every fault can be applied. */
        netns,
        /**
         * Every host on loopback, for a machine without root or namespaces: process, power, latency and
         * clock faults work; partitions, loss and bandwidth caps cannot be applied, and runs say so.
         */
        loopback
    }

    /**
     * Short HA timings within the validated bounds (as the HA acceptance tests use): lock expiry 12 s,
     * watchdog 5 s, loops every 500 ms, fence delay 2 s. Proxmox's defaults (120 s / 60 s) make an
     * experiment take minutes.
     */
    public static final List<String> SHORT_HA_TIMINGS = List.of("--lock-expiry", "12s", "--watchdog-timeout", "5s",
            "--ha-loop", "500ms", "--fence-delay", "2s");
    public static final int MAX_NODES = 32;

    public LabOptions {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("--nodes: a lab has 1.." + MAX_NODES + " nodes, not " + nodes);
        }
        guests = List.copyOf(guests);
        haOptions = List.copyOf(haOptions);
    }

    /** {@code nodes} nodes with the short timings, the guests given, Prometheus when installed. */
    public static LabOptions of(int nodes, List<ResourceId> guests) {
        return new LabOptions(nodes, guests, 1000, SHORT_HA_TIMINGS, true, false, Network.auto);
    }

    public LabOptions withUnsafeRecoverWithoutFencing() {
        return new LabOptions(nodes, guests, tokenMs, haOptions, prometheus, true, network);
    }

    public LabOptions withoutPrometheus() {
        return new LabOptions(nodes, guests, tokenMs, haOptions, false, unsafeRecoverWithoutFencing, network);
    }

    public LabOptions withNetwork(Network where) {
        return new LabOptions(nodes, guests, tokenMs, haOptions, prometheus, unsafeRecoverWithoutFencing, where);
    }
}
