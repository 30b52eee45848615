package io.quorate.chaos.lab;

import io.quorate.chaos.experiment.ResourceId;
import io.quorate.ha.config.FenceConfig;
import io.quorate.ha.config.IpmiFenceDevice;
import io.quorate.ha.guest.GuestAddress;
import io.quorate.ha.guest.GuestEndpoint;
import io.quorate.lab.HaHost;
import io.quorate.lab.IpmiSimBmc;
import io.quorate.lab.LabTools;
import io.quorate.lab.NetnsLab;
import io.quorate.runtime.HostPort;
import io.quorate.runtime.KafkaBrokerProcess;
import io.quorate.runtime.LocalCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A chaos lab: N hosts as network namespaces on a cluster bridge (each a watchdog supervisor and a
 * node in one process group), a management network on which one ipmi_sim BMC per host, a real Kafka
 * broker and (when installed) Prometheus listen, and the HA guests the experiment watches. Partitions
 * and link faults touch the cluster network only, so fencing reaches the BMCs and events reach Kafka,
 * as in real sites. This JVM sits on both networks (as the admin's workstation), so the prober, the
 * CLI and the BMC calls see every host whatever the faults.
 *
 * <p>Everything is described in {@code <dir>/lab.json} ({@link LabState}). A lab built by {@link #up}
 * belongs to this JVM and goes away with {@link #close()} (or at exit) unless {@link #detach() detached}
 * for {@code quorate lab up}; {@link #attach} finds a running one; {@link #down} removes one.
 * Building is all or nothing: if any step fails, what was built is removed before the error propagates.
 */
public final class ChaosLab implements AutoCloseable {
    private static final Duration BROKER_START = Duration.ofSeconds(90);
    private static final int METRICS_PORT = 9100;
    private static final String LOOPBACK = "127.0.0.1";

    private final Path dir;
    private final NetnsLab network;
    private LabState state;
    private final boolean owned;
    private final List<Runnable> teardown = new ArrayList<>();
    private final Thread exitHook;

    private ChaosLab(Path dir, NetnsLab network, LabState state, boolean owned) {
        this.dir = dir;
        this.network = network;
        this.state = state;
        this.owned = owned;
        this.exitHook = new Thread(this::removeQuietly, "chaos-lab-cleanup");
    }

    /**
     * Why no namespace lab can be built on this machine, or empty: root and network namespaces with
     * nftables (iproute2, nftables) and ipmi_sim (openipmi) and ipmitool.
     */
    public static Optional<String> unavailableReason() {
        return NetnsLab.unavailableReason().or(ChaosLab::bmcsUnavailableReason);
    }

    /** Why no lab at all (not even on loopback) can be built here: the BMC simulator and ipmitool. */
    public static Optional<String> bmcsUnavailableReason() {
        for (String tool : List.of("ipmi_sim", "ipmitool")) {
            if (LabTools.find(tool).isEmpty()) {
                return Optional.of(tool + " not found: install Debian package " + (tool.equals("ipmi_sim") ? "openipmi" : "ipmitool"));
            }
        }
        return Optional.empty();
    }

    /**
     * Builds a lab in {@code dir} (created if missing). A directory that holds a running lab is refused;
     * leftovers of a lab whose processes are gone are removed first.
     *
     * @param javaCommand runs {@code io.quorate.cli.Main} (see {@link HaHost#javaCommandOfThisJvm()})
     * @param progress    one line per step, for the user
     */
    public static ChaosLab up(Path dir, LabOptions options, List<String> javaCommand, PrintWriter progress) {
        bmcsUnavailableReason().ifPresent(reason -> {
            throw new LabException("cannot build a lab here: " + reason);
        });
        Optional<String> noNamespaces = NetnsLab.unavailableReason();
        if (options.network() == LabOptions.Network.netns && noNamespaces.isPresent()) {
            throw new LabException("cannot build a namespace lab here: " + noNamespaces.get() + " (--network loopback runs without)");
        }
        boolean loopback = options.network() == LabOptions.Network.loopback || noNamespaces.isPresent();
        if (loopback && options.network() == LabOptions.Network.auto) {
            progress.println("network namespaces unavailable (" + noNamespaces.get() + "): a loopback lab; partitions, packet loss and"
                    + " bandwidth caps cannot be applied there");
        }
        dir = dir.toAbsolutePath();
        refuseOrClean(dir, progress);
        NetnsLab network;
        try {
            Files.createDirectories(dir);
            network = loopback ? null : NetnsLab.create(options.nodes(), true);
        } catch (IOException e) {
            throw new LabException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        ChaosLab lab = new ChaosLab(dir, network, null, true);
        Runtime.getRuntime().addShutdownHook(lab.exitHook);
        try {
            lab.build(options, javaCommand, progress);
        } catch (IOException | RuntimeException e) {
            lab.removeQuietly();
            throw e instanceof LabException le ? le : new LabException("building the lab failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lab.removeQuietly();
            throw new LabException("interrupted while building the lab", e);
        }
        return lab;
    }

    /** A handle on the running lab in {@code dir}; closing it does not remove the lab. */
    public static ChaosLab attach(Path dir) {
        dir = dir.toAbsolutePath();
        LabState state = LabState.read(dir);
        NetnsLab network = null;
        try {
            if (!state.loopback()) {
                network = NetnsLab.attach(state.network());
            } else if (!state.keeperRunning()) {
                throw new LabException("its keeper process " + state.keeperPid() + " is gone");
            }
        } catch (RuntimeException e) {
            throw new LabException("the lab in " + dir + " is not running (" + e.getMessage() + "); remove its leftovers with: quorate lab down --dir "
                    + dir, e);
        }
        return new ChaosLab(dir, network, state, false);
    }

    /**
     * Removes the lab in {@code dir}: its processes, namespaces, nft tables and the files it made. Works
     * on a half-dead lab too (a process already gone is no error).
     *
     * @return what was removed, one line each
     */
    public static List<String> down(Path dir) {
        dir = dir.toAbsolutePath();
        LabState state = LabState.read(dir);
        List<String> removed = new ArrayList<>();
        stopProcesses(state, removed);
        if (!state.loopback()) {
            try {
                NetnsLab network = NetnsLab.attach(state.network());
                network.close();
                removed.add("namespaces " + state.network().prefix() + "-* and their nft tables");
            } catch (RuntimeException e) {
                List<String> stale = NetnsLab.removeStale(state.network().prefix());
                if (!stale.isEmpty()) {
                    removed.add("namespaces " + String.join(", ", stale));
                }
            }
        }
        deleteFiles(dir);
        removed.add("files of the lab in " + dir);
        return removed;
    }

    /** Hands the lab over to a keeper process so it outlives this JVM ({@code quorate lab up}). */
    public void detach() throws IOException {
        Process keeper = new ProcessBuilder("setsid", "sleep", "infinity").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (network != null) {
            network.handOver(keeper.pid());
        }
        state = state.withKeeper(keeper.pid());
        state.write(dir);
        teardown.clear();
        removeExitHook();
    }

    private void build(LabOptions options, List<String> javaCommand, PrintWriter progress) throws IOException, InterruptedException {
        String clusterObserver = network == null ? null : network.connectObserver();
        String management = network == null ? LOOPBACK : network.connectManagement();
        // loopback guests get a /24 of their own, so two labs' guests never answer each other's prober
        String guestNet = "127." + ThreadLocalRandom.current().nextInt(1, 255) + "." + ThreadLocalRandom.current().nextInt(0, 256) + ".";
        if (network != null) {
            progress.printf("network: %d hosts in namespaces %s-h1..h%d, cluster %s, management %s0/24%n", options.nodes(),
                    network.prefix(), options.nodes(), network.subnet(), network.layout().managementBase());
        } else {
            progress.printf("network: %d hosts on loopback, guests on %s0/24 (no namespaces)%n", options.nodes(), guestNet);
        }
        KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir.resolve("kafka"), BROKER_START, management);
        teardown.add(() -> closeQuietly(broker::close));
        progress.println("kafka: " + broker.bootstrapServers());

        LocalCluster cluster = network != null ? LocalCluster.inNamespaces(network, dir, options.nodes(), "lab", options.tokenMs())
                : LocalCluster.onLoopback(dir, options.nodes(), options.tokenMs());
        byte[] secret = new byte[8];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret); // IPMI passwords: at most 20 bytes
        List<LabState.Node> nodes = new ArrayList<>();
        List<IpmiFenceDevice> devices = new ArrayList<>();
        for (LocalCluster.Member member : cluster.members()) {
            int index = nodes.size() + 1;
            List<String> nodeOptions = new ArrayList<>(options.haOptions());
            String guestHost = network != null ? network.address(index) : guestNet + index;
            String metrics = network != null ? network.managementAddress(index) + ":" + METRICS_PORT
                    : LOOPBACK + ":" + io.quorate.runtime.FreePorts.pick(LOOPBACK);
            nodeOptions.addAll(List.of("--guest-address", guestHost, "--kafka", broker.bootstrapServers(), "--metrics", metrics));
            if (options.unsafeRecoverWithoutFencing()) {
                nodeOptions.add("--unsafe-recover-without-fencing");
            }
            HaHost host = HaHost.prepare(member.dir(), javaCommand, nodeOptions);
            Path bmcDir = dir.resolve("bmc-" + member.name());
            Path passwordFile = dir.resolve("bmc-" + member.name() + ".pw");
            Files.createDirectories(bmcDir);
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, password + "\n"); // 0600 from the start: never readable by others
            String powerOn = String.join(" ", commandPrefix(index)) + " " + host.startCommand(Optional.of(bmcDir));
            IpmiSimBmc bmc = IpmiSimBmc.start(bmcDir, "bmc-" + member.name(), password, powerOn, true, management);
            teardown.add(() -> closeQuietly(bmc::close));
            IpmiFenceDevice device = IpmiFenceDevice.of(member.name(), management, "admin", passwordFile).withIpport(bmc.port());
            devices.add(device);
            if (network == null) {
                teardown.add(() -> closeQuietly(host::powerCut)); // no namespace to empty: its processes go one by one
            }
            nodes.add(new LabState.Node(member.name(), index, member.dir().toString(), network == null ? null : network.namespace(index),
                    member.link0().host(), network == null ? LOOPBACK : network.managementAddress(index), guestHost, metrics,
                    new LabState.Bmc(bmcDir.toString(), management, bmc.port(), bmc.pid(), passwordFile.toString())));
        }
        state = new LabState(LabState.VERSION, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(),
                network == null ? null : network.layout(), clusterObserver, management,
                ProcessHandle.current().pid(), broker.bootstrapServers(), broker.pid(), null, 0, nodes,
                options.guests().stream().map(ResourceId::toString).toList(), options.unsafeRecoverWithoutFencing());
        state.write(dir);
        progress.println("hosts: " + String.join(", ", state.names()) + " (supervisor + node each, powered on through their BMCs)");

        ClusterReadiness.await(this, Duration.ofSeconds(90));
        LabCluster.writeFile(this, FenceConfig.PATH, FenceConfig.of(devices).write().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        progress.println("cluster: quorate with " + nodes.size() + " members; ha/fence.cfg names every BMC");
        for (ResourceId guest : options.guests()) {
            LabCluster.addHaResource(this, guest.toString());
        }
        if (options.prometheus() && LabPrometheus.installed()) {
            LabPrometheus prometheus = LabPrometheus.start(dir.resolve("prometheus"), nodes);
            teardown.add(prometheus::close);
            state = state.withPrometheus(prometheus.address(), prometheus.pid());
            state.write(dir);
            progress.println("prometheus: http://" + prometheus.address() + " (scrapes every node's /metrics)");
        } else if (options.prometheus()) {
            progress.println("prometheus: not installed (Debian package prometheus); PromQL probes cannot run");
        }
    }

    public Path dir() {
        return dir;
    }

    public LabState state() {
        return state;
    }

    /** The namespaces, or empty for a loopback lab (where partitions, loss and bandwidth caps cannot be applied). */
    public Optional<NetnsLab> network() {
        return Optional.ofNullable(network);
    }

    /** Prepended to a command to run it on host {@code index}: {@code ip netns exec NS}, nothing on loopback. */
    private List<String> commandPrefix(int index) {
        return network == null ? List.of() : network.commandPrefix(index);
    }

    public List<String> nodeNames() {
        return state.names();
    }

    public Path nodeDir(String node) {
        return Path.of(state.node(node).dir());
    }

    public List<Path> nodeDirs() {
        return state.nodes().stream().map(n -> Path.of(n.dir())).toList();
    }

    public int index(String node) {
        return state.node(node).index();
    }

    public HaHost host(String node) {
        try {
            return HaHost.existing(nodeDir(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the host again (supervisor and node), as its BMC's power on would. */
    public void startHost(String node) throws IOException {
        LabState.Node n = state.node(node);
        host(node).start(commandPrefix(n.index()), Optional.of(Path.of(n.bmc().dir())));
    }

    public IpmiFenceDevice bmc(String node) {
        LabState.Bmc bmc = state.node(node).bmc();
        return IpmiFenceDevice.of(node, bmc.address(), "admin", Path.of(bmc.passwordFile())).withIpport(bmc.port());
    }

    /** Every node's address for {@code sid}'s guest, for the outside prober. */
    public List<GuestEndpoint> endpoints(String sid) {
        Map<String, HostPort> addresses = new LinkedHashMap<>();
        for (LabState.Node node : state.nodes()) {
            addresses.put(node.name(), GuestAddress.of(node.guestHost(), sid));
        }
        return GuestEndpoint.forNodes(sid, addresses);
    }

    /** Removes the lab if this handle built it (and did not detach it); a no-op for attached handles. */
    @Override
    public void close() {
        if (owned) {
            removeExitHook();
            removeQuietly();
        }
    }

    private synchronized void removeQuietly() {
        for (int i = teardown.size() - 1; i >= 0; i--) {
            teardown.get(i).run();
        }
        teardown.clear();
        try {
            if (network != null) {
                network.close();
            }
        } catch (RuntimeException e) {
            System.err.println("chaos lab: " + e.getMessage());
        }
        deleteFiles(dir);
    }

    private void removeExitHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException e) {
            // already exiting: the hook is what runs this
        }
    }

    private static void refuseOrClean(Path dir, PrintWriter progress) {
        if (!Files.exists(dir.resolve(LabState.FILE))) {
            try (java.util.stream.Stream<Path> entries = Files.exists(dir) ? Files.list(dir) : java.util.stream.Stream.empty()) {
                if (entries.findAny().isPresent()) {
                    throw new LabException(dir + " is not empty: a lab takes a new or empty directory (lab down deletes it)");
                }
            } catch (IOException e) {
                throw new LabException("cannot read " + dir + ": " + e.getMessage(), e);
            }
            return;
        }
        LabState old = LabState.read(dir);
        if (old.keeperRunning()) {
            throw new LabException("a lab already runs in " + dir + " (" + (old.loopback() ? "on loopback" : "namespaces "
                    + old.network().prefix() + "-*") + "); remove it first with: quorate lab down --dir " + dir);
        }
        progress.println("removing the leftovers of an earlier lab in " + dir);
        down(dir);
    }

    private static void stopProcesses(LabState state, List<String> removed) {
        if (ProcessKiller.kill("prometheus", state.prometheusPid())) {
            removed.add("prometheus (pid " + state.prometheusPid() + ")");
        }
        if (ProcessKiller.kill("EmbeddedKafkaBroker", state.kafkaPid())) {
            removed.add("kafka broker (pid " + state.kafkaPid() + ")");
        }
        for (LabState.Node node : state.nodes()) {
            ProcessKiller.kill("ipmi_sim", node.bmc().pid());
            closeQuietly(() -> HaHost.existing(Path.of(node.dir())).powerCut()); // the group both host.pgid files name
        }
        removed.add(state.nodes().size() + " hosts and their BMCs");
        if (ProcessKiller.kill("sleep", state.keeperPid())) {
            removed.add("keeper (pid " + state.keeperPid() + ")");
        }
    }

    /** The lab owns its whole directory ({@link #up} takes only an empty or new one). */
    private static void deleteFiles(Path dir) {
        try {
            if (Files.exists(dir)) {
                io.quorate.cli.FileTrees.delete(dir);
            }
        } catch (IOException e) {
            System.err.println("chaos lab: cannot delete " + dir + ": " + e.getMessage());
        }
    }

    private interface Closer {
        void close() throws Exception;
    }

    private static void closeQuietly(Closer closer) {
        try {
            closer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("chaos lab: " + e.getMessage());
        }
    }
}
