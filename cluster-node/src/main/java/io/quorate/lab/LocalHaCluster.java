package io.quorate.lab;

import io.quorate.ha.config.FenceConfig;
import io.quorate.ha.config.IpmiFenceDevice;
import io.quorate.ha.fence.IpmiFencer;
import io.quorate.ha.guest.GuestAddress;
import io.quorate.ha.guest.GuestEndpoint;
import io.quorate.runtime.HostPort;
import io.quorate.runtime.LocalCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HA cluster of simulated hosts on loopback, for acceptance tests and the failover bench: node
 * i is a {@link HaHost} whose guests listen on 127.A.B.i (so the same guest on two nodes is two
 * addresses an outside prober can tell apart; A.B random per cluster), optionally each with an ipmi_sim BMC whose power
 * off kills the whole host.
 */
public final class LocalHaCluster implements AutoCloseable {
    private static final String BMC_PASSWORD = "bmc-lab-s3cret"; // IPMI passwords hold at most 20 bytes
    private final Map<String, HaHost> hosts = new LinkedHashMap<>();
    private final List<IpmiSimBmc> bmcs = new ArrayList<>();
    private final Map<String, IpmiFenceDevice> devices = new LinkedHashMap<>();
    /**
     * A loopback /24 of this cluster's own ({@code 127.A.B.}), so the guests of clusters running side
     * by side (tests, benches, a demo) never answer each other's probers on the same port.
     */
    private final String guestNet;

    private LocalHaCluster() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        guestNet = "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + ".";
    }

    /**
     * Provisions {@code nodes} nodes under {@code base} and starts their hosts (through their BMCs'
     * power on when {@code withBmcs}). {@code nodeOptions} go to every {@code quorate node run}.
     */
    public static LocalHaCluster start(Path base, int nodes, long tokenMs, List<String> nodeOptions, boolean withBmcs,
                                       List<String> javaCommand) throws IOException, InterruptedException {
        LocalCluster cluster = LocalCluster.onLoopback(base, nodes, tokenMs);
        LocalHaCluster ha = new LocalHaCluster();
        try {
            int index = 1;
            for (LocalCluster.Member member : cluster.members()) {
                List<String> options = new ArrayList<>(nodeOptions);
                options.addAll(List.of("--guest-address", ha.guestHostOf(index++)));
                HaHost host = HaHost.prepare(member.dir(), javaCommand, options);
                ha.hosts.put(member.name(), host);
                if (withBmcs) {
                    ha.startWithBmc(base, member.name(), host);
                } else {
                    host.start();
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            ha.close();
            throw e;
        }
        return ha;
    }

    private void startWithBmc(Path base, String node, HaHost host) throws IOException, InterruptedException {
        Path bmcDir = base.resolve("bmc-" + node);
        IpmiSimBmc bmc = IpmiSimBmc.start(bmcDir, "bmc-" + node, BMC_PASSWORD, host.startCommand(Optional.of(bmcDir)), true);
        bmcs.add(bmc);
        Path passwordFile = base.resolve("bmc-" + node + ".pw");
        Files.writeString(passwordFile, BMC_PASSWORD + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        IpmiFenceDevice device = IpmiFenceDevice.of(node, "127.0.0.1", "admin", passwordFile).withIpport(bmc.port());
        devices.put(node, device);
        awaitBmc(device);
    }

    /** ipmi_sim takes a moment to listen: a fence before that would fail for the wrong reason. */
    private static void awaitBmc(IpmiFenceDevice device) throws IOException, InterruptedException {
        IpmiFencer fencer = new IpmiFencer(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(2));
        if (!io.quorate.runtime.Poll.until(java.time.Duration.ofSeconds(20), java.time.Duration.ofMillis(100),
                () -> fencer.powerStatus(device).equals("on"))) {
            throw new IOException("BMC of " + device.node() + " at " + device.ip() + ":" + device.ipport()
                    + " does not answer with power on");
        }
    }

    /** Where the guests of node i listen: 127.0.0.i, for a single cluster on the machine (the demo). */
    public static String guestHost(int index) {
        return "127.0.0." + index;
    }

    /** Where the guests of this cluster's node i listen. */
    private String guestHostOf(int index) {
        return guestNet + index;
    }

    public Map<String, HaHost> hosts() {
        return hosts;
    }

    public HaHost host(String node) {
        HaHost host = hosts.get(node);
        if (host == null) {
            throw new IllegalArgumentException("no node " + node + " in " + hosts.keySet());
        }
        return host;
    }

    public List<Path> dirs() {
        return hosts.values().stream().map(HaHost::dir).toList();
    }

    /** Every node's address for {@code sid}'s guest, for a prober. */
    public List<GuestEndpoint> endpoints(String sid) {
        Map<String, HostPort> addresses = new LinkedHashMap<>();
        int index = 1;
        for (String node : hosts.keySet()) {
            addresses.put(node, GuestAddress.of(guestHostOf(index++), sid));
        }
        return GuestEndpoint.forNodes(sid, addresses);
    }

    public Map<String, IpmiFenceDevice> fenceDevices() {
        return devices;
    }

    /** {@code ha/fence.cfg} naming every node's BMC. */
    public String fenceConfig() {
        return FenceConfig.of(new ArrayList<>(devices.values())).write();
    }

    /** Power cut of every host, then the BMCs stop. */
    @Override
    public void close() throws IOException, InterruptedException {
        for (HaHost host : hosts.values()) {
            host.powerCut();
        }
        for (IpmiSimBmc bmc : bmcs) {
            bmc.close();
        }
    }
}
