package io.quorate.lab;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A throw-away network of hosts, each in its own Linux network namespace, for tests and chaos labs
 * where partitions must be real dropped packets rather than flags.
 *
 * <pre>
 *   host 1 ns                 switch ns                  host 2 ns
 *   eth0 10.A.B.1/24 ──veth── p1 ─┐            ┌─ p2 ──veth── eth0 10.A.B.2/24
 *                                 └── br0 ─────┘  ... one port per host
 * </pre>
 *
 * <p>Names: every lab gets a unique prefix ({@code "qr"} + 4 hex digits, e.g. {@code qr1a2b}); its
 * namespaces are {@code <prefix>-sw} and {@code <prefix>-h1}..{@code -hN}; the subnet is a random
 * {@code 10.<100..250>.<0..255>.0/24} and host {@code i} (1-based) has address {@code .i}.
 *
 * <p>A lab may also have a <em>management network</em> ({@link #create(int, boolean)}): a second bridge
 * {@code br1} in the switch namespace, each host's {@code eth1} on a second random subnet, as in real
 * sites where BMCs, the event broker and monitoring sit apart from the cluster network. Every fault
 * below touches the cluster network ({@code eth0}) only, so fencing and event streaming go on.
 *
 * <p>Faults: {@link #isolate}/{@link #reconnect} take a host's switch port down/up; {@link #cut} drops
 * packets one way with nftables (table {@code inet quorate_chaos}) in the receiving namespace and
 * {@link #uncut} lifts one such cut; {@link #loss} drops a share of a host's cluster packets (table
 * {@code inet quorate_chaos_loss}); {@link #bandwidth} caps its cluster link with {@code tc tbf};
 * {@link #heal} undoes all of them, also those an earlier process applied to the same lab. This kernel
 * has no netem, so latency belongs to the node transport.
 *
 * <p>Life cycle: {@link #close()} SIGKILLs every process in the lab's namespaces and deletes them; it is
 * idempotent and also runs from a JVM shutdown hook. A lab whose JVM was SIGKILLed is removed by
 * {@link #removeStale}. A lab meant to outlive this JVM ({@code quorate lab up}) is {@link #handOver handed
 * over} to a keeper process, and later {@link #attach attached} to by the process that faults or removes it.
 * Needs root, iproute2 and nftables: check {@link #unavailableReason()} first.
 * Setup and fault methods throw {@link LabCommandException} (with the tool's stderr) when a command fails.
 */
public final class NetnsLab implements AutoCloseable {

    /** Every lab's prefix starts with this; {@code removeStale(NAME_PREFIX)} cleans up after all crashed runs. */
    public static final String NAME_PREFIX = "qr";

    static final String CHAOS_TABLE = "quorate_chaos";
    static final String LOSS_TABLE = "quorate_chaos_loss";
    private static final String CLUSTER_LINK = "eth0";
    private static final String MANAGEMENT_LINK = "eth1";
    private static final int MAX_HOSTS = 250;
    /** Host number of {@link #connectObserver}'s address, above every host's. */
    private static final int OBSERVER_HOST = 254;

    private final String prefix;
    private final int hosts;
    private final String subnetBase;
    /** {@code 10.X.Y.} of the management network, or null when the lab has none. */
    private final String managementBase;
    private final String ip;
    private final List<String> createdNamespaces = new ArrayList<>();
    private final List<Process> startedProcesses = new ArrayList<>();
    private final Set<List<Integer>> cuts = new HashSet<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    /**
     * What identifies a built lab, enough to {@link #attach} to it from another process.
     *
     * @param managementBase {@code 10.X.Y.} of the management network, or null when there is none
     */
    public record Layout(String prefix, int hosts, String subnetBase, String managementBase) {
    }

    private NetnsLab(String prefix, int hosts, String subnetBase, String managementBase) {
        this.prefix = prefix;
        this.hosts = hosts;
        this.subnetBase = subnetBase;
        this.managementBase = managementBase;
        this.ip = LabTools.require(LabTools.IP);
        this.shutdownHook = new Thread(this::close, "netns-lab-" + prefix + "-cleanup");
    }

    /**
     * Builds a lab of {@code hosts} hosts joined by one bridge. If building fails half-way, what was built is
     * removed again before the exception propagates.
     */
    public static NetnsLab create(int hosts) {
        return create(hosts, false);
    }

    /** As {@link #create(int)}; with {@code managementNetwork}, every host also gets {@code eth1} on a management bridge. */
    public static NetnsLab create(int hosts, boolean managementNetwork) {
        if (hosts < 1 || hosts > MAX_HOSTS) {
            throw new IllegalArgumentException("a lab has 1.." + MAX_HOSTS + " hosts, not " + hosts);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String subnetBase = "10." + random.nextInt(100, 251) + "." + random.nextInt(0, 256) + ".";
        String managementBase = null;
        while (managementNetwork && (managementBase == null || managementBase.equals(subnetBase))) {
            managementBase = "10." + random.nextInt(100, 251) + "." + random.nextInt(0, 256) + ".";
        }
        NetnsLab lab = new NetnsLab(unusedPrefix(), hosts, subnetBase, managementBase);
        LabOwnership.claim(lab.prefix);
        Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
        try {
            lab.build();
        } catch (RuntimeException e) {
            try {
                lab.close();
            } catch (RuntimeException cleanupFailure) {
                e.addSuppressed(cleanupFailure);
            }
            throw e;
        }
        return lab;
    }

    /**
     * Why labs cannot be built here, or empty if they can: needs Linux, root, {@code ip} (iproute2),
     * {@code nft} (nftables), and a trial {@code ip netns add} in which nft works.
     */
    public static Optional<String> unavailableReason() {
        return LabPreconditions.unavailableReason();
    }

    /**
     * Removes namespaces whose name starts with {@code prefix} and whose lab's owning process has died,
     * e.g. after a SIGKILLed test run: kills their processes and deletes them. Labs of live processes,
     * including parallel test runs, are left alone; a matching namespace without an owner record (not
     * made by this class, or made before the record was written) counts as stale.
     *
     * @param prefix e.g. {@link #NAME_PREFIX} or one lab's prefix; must not be blank
     * @return the namespaces removed
     */
    public static List<String> removeStale(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("a blank prefix would match every namespace on the machine");
        }
        List<String> removed = new ArrayList<>();
        Set<String> staleLabs = new HashSet<>();
        for (String namespace : Namespaces.list()) {
            String labId = labIdOf(namespace);
            if (namespace.startsWith(prefix) && !LabOwnership.ownerAlive(labId)) {
                Namespaces.killAll(namespace);
                Namespaces.delete(namespace);
                removed.add(namespace);
                staleLabs.add(labId);
            }
        }
        staleLabs.forEach(LabOwnership::release);
        return removed;
    }

    /**
     * A handle on a lab another process built and {@link #handOver handed over}: faults and heals work
     * on it; {@link #close()} removes the lab. No shutdown hook: the lab outlives this JVM.
     */
    public static NetnsLab attach(Layout layout) {
        NetnsLab lab = new NetnsLab(layout.prefix(), layout.hosts(), layout.subnetBase(), layout.managementBase());
        if (!Namespaces.list().contains(lab.switchNamespace())) {
            throw new LabCommandException("lab " + layout.prefix() + " does not exist (no namespace " + lab.switchNamespace() + ")");
        }
        for (int host = 1; host <= layout.hosts(); host++) {
            lab.createdNamespaces.add(lab.namespace(host));
        }
        lab.createdNamespaces.add(0, lab.switchNamespace());
        return lab;
    }

    /**
     * Makes {@code keeperPid} the lab's owner instead of this JVM, and stops this JVM from removing the
     * lab when it exits: for labs that outlive the command that built them. {@link #removeStale} removes
     * the lab once the keeper is gone.
     */
    public void handOver(long keeperPid) {
        ensureOpen();
        removeShutdownHook();
        LabOwnership.claim(prefix, ProcessHandle.of(keeperPid)
                .orElseThrow(() -> new LabCommandException("keeper process " + keeperPid + " of lab " + prefix + " is not running")));
    }

    public Layout layout() {
        return new Layout(prefix, hosts, subnetBase, managementBase);
    }

    public String prefix() {
        return prefix;
    }

    public int hosts() {
        return hosts;
    }

    /** e.g. {@code 10.123.45.0/24} */
    public String subnet() {
        return subnetBase + "0/24";
    }

    public String switchNamespace() {
        return prefix + "-sw";
    }

    /** Namespace of host {@code host} (1-based), e.g. {@code qr1a2b-h1}. */
    public String namespace(int host) {
        return prefix + "-h" + checkedHost(host);
    }

    /** IPv4 address of host {@code host} (1-based) on the lab network, without prefix length. */
    public String address(int host) {
        return subnetBase + checkedHost(host);
    }

    /** {@code [<path of ip>, netns, exec, <namespace>]}: prepend to a command to run it on that host. */
    public List<String> commandPrefix(int host) {
        return List.of(ip, "netns", "exec", namespace(host));
    }

    /**
     * Starts {@code command} on host {@code host}, stdout and stderr appended to {@code logFile}. The
     * command is started as {@code ip netns exec NS command}, which execs it, so the returned process
     * (and its PID) is the command itself. Its stdin stays a pipe to the caller.
     */
    public Process start(int host, List<String> command, Path logFile) throws IOException {
        ensureOpen();
        List<String> full = new ArrayList<>(commandPrefix(host));
        full.addAll(command);
        Path parent = logFile.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Process process = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(logFile.toFile()))
                .start();
        synchronized (this) {
            startedProcesses.add(process);
        }
        return process;
    }

    /**
     * Cuts host {@code host} off the switch (its port goes down): no packets in or out, like a pulled
     * cable. As with a real cable, the host sees NO-CARRIER and flushes its ARP entries, so a datagram it
     * sends meanwhile waits in the kernel's neighbour queue while ARP retries (about 3 s) and is still
     * delivered if {@link #reconnect} comes within that window. Use {@link #cut} for drops that never
     * deliver late.
     */
    public synchronized void isolate(int host) {
        ensureOpen();
        setSwitchPort(host, "down");
    }

    /** Undoes {@link #isolate}. */
    public synchronized void reconnect(int host) {
        ensureOpen();
        setSwitchPort(host, "up");
    }

    /**
     * One-way cut: packets from {@code from} arriving at {@code to} are dropped; {@code to} can still
     * send to {@code from}. TCP in either direction stalls (its replies are cut); UDP shows the asymmetry.
     */
    public synchronized void cut(int from, int to) {
        ensureOpen();
        checkedHost(from);
        checkedHost(to);
        if (from == to) {
            throw new IllegalArgumentException("cannot cut host " + from + " from itself");
        }
        if (!cuts.add(List.of(from, to))) {
            return;
        }
        String script = "add table inet " + CHAOS_TABLE + "\n"
                + "add chain inet " + CHAOS_TABLE + " input { type filter hook input priority 0; policy accept; }\n"
                + "add rule inet " + CHAOS_TABLE + " input ip saddr " + address(from) + " drop\n";
        LabCommand.run(nftIn(to, "-f", "-"), script);
    }

    /** Cuts {@code a} and {@code b} from each other in both directions. */
    public synchronized void cutBoth(int a, int b) {
        cut(a, b);
        cut(b, a);
    }

    /**
     * Joins the namespace of this JVM to the lab network at {@code .254}, as an observer outside every
     * host (an outside prober, the CLI): partitions between hosts leave it connected. The link's other
     * end sits in the switch namespace, so it goes away with the lab.
     *
     * @return the observer's address on the lab network
     */
    public synchronized String connectObserver() {
        ensureOpen();
        return connectToBridge(prefix + "-obs", "obs", "br0", subnetBase + OBSERVER_HOST);
    }

    /** A veth from this namespace ({@code local}) to {@code bridge} in the switch namespace ({@code port}). */
    private String connectToBridge(String local, String port, String bridge, String address) {
        LabCommand.run(List.of(ip, "link", "add", local, "type", "veth", "peer", "name", port, "netns", switchNamespace()));
        ipIn(switchNamespace(), "link", "set", port, "master", bridge);
        ipIn(switchNamespace(), "link", "set", port, "up");
        LabCommand.run(List.of(ip, "addr", "add", address + "/24", "dev", local));
        LabCommand.run(List.of(ip, "link", "set", local, "up"));
        return address;
    }

    public boolean hasManagementNetwork() {
        return managementBase != null;
    }

    /** Address of host {@code host} on the management network ({@code eth1}). */
    public String managementAddress(int host) {
        return requireManagement() + checkedHost(host);
    }

    /**
     * Joins this JVM's namespace to the management network at {@code .254}, as the admin's workstation
     * where BMCs, the broker and Prometheus of a lab listen; the link goes away with the lab.
     *
     * @return this namespace's address on the management network
     */
    public synchronized String connectManagement() {
        ensureOpen();
        return connectToBridge(prefix + "-mgt", "mgt", "br1", requireManagement() + OBSERVER_HOST);
    }

    /**
     * Lifts the one-way cut {@link #cut}{@code (from, to)}; other cuts stay in force throughout. Works on
     * cuts another process made (an attached lab): the rule is found in the host's table by its handle.
     */
    public synchronized void uncut(int from, int to) {
        ensureOpen();
        cuts.remove(List.of(checkedHost(from), checkedHost(to)));
        if (!tableExists(to, CHAOS_TABLE)) {
            return;
        }
        String rules = LabCommand.run(nftIn(to, "-a", "list", "chain", "inet", CHAOS_TABLE, "input"));
        String match = "ip saddr " + address(from) + " drop";
        long left = 0;
        for (String line : rules.lines().toList()) {
            int handle = line.indexOf("# handle ");
            if (line.contains(match) && handle > 0) {
                LabCommand.run(nftIn(to, "delete", "rule", "inet", CHAOS_TABLE, "input", "handle",
                        line.substring(handle + "# handle ".length()).strip()));
            } else if (line.contains(" drop")) {
                left++;
            }
        }
        if (left == 0) {
            LabCommand.run(nftIn(to, "delete", "table", "inet", CHAOS_TABLE)); // the last cut: leave nothing behind
        }
    }

    /** Drops about {@code percent} % of the packets host {@code host} sends and of those it receives on its cluster link. */
    public synchronized void loss(int host, int percent) {
        ensureOpen();
        checkedHost(host);
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("loss is 1..100 %, not " + percent);
        }
        clearLoss(host);
        // numgen's range is 0..99, so "< 100" is refused: all of it is a plain drop
        String drop = percent == 100 ? " drop\n" : " numgen random mod 100 < " + percent + " drop\n";
        String script = "add table inet " + LOSS_TABLE + "\n"
                + "add chain inet " + LOSS_TABLE + " input { type filter hook input priority 0; policy accept; }\n"
                + "add chain inet " + LOSS_TABLE + " output { type filter hook output priority 0; policy accept; }\n"
                + "add rule inet " + LOSS_TABLE + " input iifname \"" + CLUSTER_LINK + "\"" + drop
                + "add rule inet " + LOSS_TABLE + " output oifname \"" + CLUSTER_LINK + "\"" + drop;
        LabCommand.run(nftIn(host, "-f", "-"), script);
    }

    /** Undoes {@link #loss} on {@code host}; nothing happens when there is none. */
    public synchronized void clearLoss(int host) {
        ensureOpen();
        deleteTableIfPresent(host, LOSS_TABLE);
    }

    /** Caps what host {@code host} sends on its cluster link with a token bucket, e.g. {@code 256kbit}. */
    public synchronized void bandwidth(int host, String rate) {
        ensureOpen();
        checkedHost(host);
        List<String> command = new ArrayList<>(commandPrefix(host));
        command.addAll(List.of(LabTools.require(LabTools.TC), "qdisc", "replace", "dev", CLUSTER_LINK, "root", "tbf", "rate", rate,
                "burst", "32kbit", "latency", "400ms"));
        LabCommand.run(command);
    }

    /** Undoes {@link #bandwidth} on {@code host}; nothing happens when there is none. */
    public synchronized void clearBandwidth(int host) {
        ensureOpen();
        List<String> show = new ArrayList<>(commandPrefix(host));
        show.addAll(List.of(LabTools.require(LabTools.TC), "qdisc", "show", "dev", CLUSTER_LINK, "root"));
        if (LabCommand.run(show).contains("tbf")) {
            List<String> delete = new ArrayList<>(commandPrefix(host));
            delete.addAll(List.of(LabTools.require(LabTools.TC), "qdisc", "del", "dev", CLUSTER_LINK, "root"));
            LabCommand.run(delete);
        }
    }

    /**
     * Undoes every fault on the cluster network — cuts, loss, bandwidth caps, ports taken down — including
     * those another process applied to this lab (a chaos run that was killed).
     */
    public synchronized void heal() {
        ensureOpen();
        for (int host = 1; host <= hosts; host++) {
            deleteTableIfPresent(host, CHAOS_TABLE);
            deleteTableIfPresent(host, LOSS_TABLE);
            clearBandwidth(host);
            setSwitchPort(host, "up");
        }
        cuts.clear();
    }

    private void deleteTableIfPresent(int host, String table) {
        if (tableExists(host, table)) {
            LabCommand.run(nftIn(host, "delete", "table", "inet", table));
        }
    }

    private boolean tableExists(int host, String table) {
        return LabCommand.run(nftIn(host, "list", "tables")).lines().anyMatch(line -> line.strip().equals("table inet " + table));
    }

    private String requireManagement() {
        if (managementBase == null) {
            throw new IllegalStateException("lab " + prefix + " has no management network");
        }
        return managementBase;
    }

    /**
     * Kills every process still running in the lab's namespaces and deletes the namespaces. Safe to call
     * more than once and from any thread; tries every namespace even if one fails, then reports failures.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        removeShutdownHook();
        List<String> namespaces;
        synchronized (this) {
            startedProcesses.forEach(Process::destroyForcibly);
            namespaces = new ArrayList<>(createdNamespaces);
        }
        LabCommandException failure = null;
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            try {
                Namespaces.killAll(namespaces.get(i));
                Namespaces.delete(namespaces.get(i));
            } catch (LabCommandException e) {
                if (failure == null) {
                    failure = new LabCommandException("closing lab " + prefix + " left namespaces behind: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure; // keep the owner record: removeStale will retry once this JVM is gone
        }
        LabOwnership.release(prefix);
    }

    @Override
    public String toString() {
        return "NetnsLab[" + prefix + ", " + hosts + " hosts, " + subnet() + "]";
    }

    private void build() {
        String sw = switchNamespace();
        addNamespace(sw);
        ipIn(sw, "link", "set", "lo", "up");
        ipIn(sw, "link", "add", "br0", "type", "bridge");
        ipIn(sw, "link", "set", "br0", "up");
        if (managementBase != null) {
            ipIn(sw, "link", "add", "br1", "type", "bridge");
            ipIn(sw, "link", "set", "br1", "up");
        }
        for (int host = 1; host <= hosts; host++) {
            String ns = namespace(host);
            addNamespace(ns);
            ipIn(ns, "link", "set", "lo", "up");
            ipIn(ns, "link", "add", "eth0", "type", "veth", "peer", "name", switchPort(host), "netns", sw);
            ipIn(sw, "link", "set", switchPort(host), "master", "br0");
            ipIn(sw, "link", "set", switchPort(host), "up");
            ipIn(ns, "addr", "add", address(host) + "/24", "dev", "eth0");
            ipIn(ns, "link", "set", "eth0", "up");
            if (managementBase != null) {
                ipIn(ns, "link", "add", MANAGEMENT_LINK, "type", "veth", "peer", "name", "m" + host, "netns", sw);
                ipIn(sw, "link", "set", "m" + host, "master", "br1");
                ipIn(sw, "link", "set", "m" + host, "up");
                ipIn(ns, "addr", "add", managementAddress(host) + "/24", "dev", MANAGEMENT_LINK);
                ipIn(ns, "link", "set", MANAGEMENT_LINK, "up");
            }
        }
    }

    private synchronized void addNamespace(String namespace) {
        Namespaces.add(namespace);
        createdNamespaces.add(namespace);
    }

    private void setSwitchPort(int host, String state) {
        ipIn(switchNamespace(), "link", "set", switchPort(checkedHost(host)), state);
    }

    private void ipIn(String namespace, String... args) {
        List<String> command = new ArrayList<>(List.of(ip, "-n", namespace));
        command.addAll(List.of(args));
        LabCommand.run(command);
    }

    private List<String> nftIn(int host, String... args) {
        List<String> command = new ArrayList<>(commandPrefix(host));
        command.add(LabTools.require(LabTools.NFT));
        command.addAll(List.of(args));
        return command;
    }

    private static String switchPort(int host) {
        return "p" + host;
    }

    private int checkedHost(int host) {
        if (host < 1 || host > hosts) {
            throw new IllegalArgumentException("host " + host + " is not in this lab (hosts are 1.." + hosts + ")");
        }
        return host;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("lab " + prefix + " is closed");
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this close() probably runs in that very hook
        }
    }

    /** A prefix used neither by an existing namespace nor by another lab's owner record. */
    private static String unusedPrefix() {
        List<String> existing = Namespaces.list();
        for (int attempt = 0; attempt < 100; attempt++) {
            String candidate = NAME_PREFIX + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
            boolean taken = existing.stream().anyMatch(ns -> labIdOf(ns).equals(candidate)) || LabOwnership.exists(candidate);
            if (!taken) {
                return candidate;
            }
        }
        throw new LabCommandException("no free lab prefix after 100 tries; remove leftovers with NetnsLab.removeStale(\""
                + NAME_PREFIX + "\")");
    }

    /** The lab prefix of a namespace name, {@code qr1a2b} for {@code qr1a2b-h1}. */
    private static String labIdOf(String namespace) {
        int dash = namespace.indexOf('-');
        return dash < 0 ? namespace : namespace.substring(0, dash);
    }
}
