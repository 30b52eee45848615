package io.quorate.cli;

import io.quorate.runtime.FreePorts;
import io.quorate.runtime.NodeFiles;
import io.quorate.runtime.KafkaBrokerProcess;
import io.quorate.runtime.Poll;
import io.quorate.ha.guest.GuestAddress;
import io.quorate.lab.HaHost;
import io.quorate.lab.LocalHaCluster;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start a real cluster of separate node processes on 127.0.0.1 the way an admin would",
                "(cm create on n1, cm add for the others), each beside its watchdog supervisor and streaming",
                "its events to Kafka (a real single-node KRaft broker of its own unless --kafka names one), add the HA",
                "process guest vm:101, print cm status, ha status and each node's API, and run until Ctrl-C,",
                "then stop everything it started."})
final class DemoCommand implements Callable<Integer> {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", description = "Keep the cluster's state here (default: a temporary directory removed on exit).")
    Path dir;

    @Option(names = "--nodes", defaultValue = "3", description = "Number of nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--token", defaultValue = "3000", description = "Token timeout in ms (default ${DEFAULT-VALUE}, as corosync).")
    long tokenMs;

    @Option(names = "--exit-when-ready", description = "Stop everything again as soon as the cluster is up and status is printed.")
    boolean exitWhenReady;

    static final String DEMO_GUEST = "vm:101";

    @picocli.CommandLine.Mixin
    KafkaOptions kafka;

    private final List<HaHost> started = new ArrayList<>();
    private KafkaBrokerProcess broker;
    /** What every node gets besides its guest address: where its events go. */
    private final List<String> eventOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 16) {
            throw new CliException("--nodes must be between 1 and 16, got " + nodes, 2);
        }
        boolean temporary = dir == null;
        Path base = temporary ? Files.createTempDirectory("quorate-demo-") : dir.toAbsolutePath();
        PrintWriter out = spec.commandLine().getOut();
        Thread stopper = new Thread(() -> stopAll(base, temporary), "quorate-demo-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        startKafka(base, out);
        if (Files.exists(new NodeFiles(base.resolve("n1")).corosyncConf())) {
            out.println("Restarting the cluster kept in " + base);
            for (Path nodeDir : existingNodeDirs(base)) {
                startHost(nodeDir);
            }
        } else {
            buildCluster(base, out);
        }
        List<Path> dirs = existingNodeDirs(base);
        for (Path nodeDir : dirs) {
            waitUntil(nodeDir, dirs.size());
        }
        out.println();
        out.print(run("cm", "status", "--dir", dirs.get(0).toString()));
        out.println();
        showConfigTree(out, dirs);
        showHaGuest(out, dirs);
        for (Path nodeDir : dirs) {
            String api = Files.readAllLines(nodeDir.resolve("local.conf")).stream()
                    .filter(l -> l.startsWith("api:")).findFirst().orElse("api: ?").substring(4).strip();
            Path metricsAddress = nodeDir.resolve("metrics.address");
            String metrics = Files.exists(metricsAddress) ? Files.readString(metricsAddress).strip() : "?";
            out.printf("%-4s API https://%s  metrics http://%s/metrics  (dir %s)%n", nodeDir.getFileName(), api, metrics, nodeDir);
        }
        if (!exitWhenReady) {
            out.println();
            out.println("Try: bin/quorate cm status --dir " + dirs.get(0) + "   |   bin/quorate cm nodes --dir " + dirs.get(0));
            out.println("     bin/quorate fs ls --dir " + dirs.get(0) + "   |   echo 'x' | bin/quorate fs write storage.cfg --dir "
                    + dirs.get(dirs.size() - 1) + "   |   bin/quorate fs watch --dir " + dirs.get(0));
            out.println("     kill -9 $(cat " + dirs.get(0).resolve("node.pid") + ")   (a crashed node: its watchdog resets it after 60 s,"
                    + " and its guests start elsewhere once its lock expired, 120 s, as in Proxmox)");
            out.println("Events: every node streams to Kafka (topic " + kafka.topic() + ", " + eventOptions.get(1)
                    + "); each node also keeps <dir>/events.jsonl. Ctrl-C stops the cluster.");
        }
        out.flush();
        if (!exitWhenReady) {
            new CountDownLatch(1).await();
        }
        Runtime.getRuntime().removeShutdownHook(stopper);
        stopAll(base, temporary);
        return 0;
    }

    /** Writes datacenter.cfg through the first node and reads it back on the last one through the majority. */
    private static void showConfigTree(PrintWriter out, List<Path> dirs) {
        byte[] content = "keyboard: en-us\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long version = NodeApi.forDir(dirs.get(0)).putBytes("/api2/json/cluster/fs/file?path=datacenter.cfg", content)
                .getJsonObject("data").getLong("version");
        Path last = dirs.get(dirs.size() - 1);
        out.printf("Config tree: %s wrote datacenter.cfg (version %d); %s reads it through the majority: %s%n",
                dirs.get(0).getFileName(), version, last.getFileName(),
                run("fs", "cat", "datacenter.cfg", "--consistent", "--dir", last.toString()).strip());
        out.println();
    }

    private void buildCluster(Path base, PrintWriter out) throws Exception {
        Path first = base.resolve("n1");
        String firstApi = address();
        out.println("Creating cluster 'demo' on n1 (" + first + ")");
        run("cm", "create", "demo", "--node", "n1", "--link0", address(), "--api", firstApi,
                "--token", Long.toString(tokenMs), "--dir", first.toString());
        startHost(first);
        waitUntil(first, 1);
        String fingerprint = Files.readString(new NodeFiles(first).fingerprint()).strip();
        for (int i = 2; i <= nodes; i++) {
            Path nodeDir = base.resolve("n" + i);
            out.println("Adding n" + i + " through n1's API");
            run("cm", "add", "https://" + firstApi, "--token-file", new NodeFiles(first).adminToken().toString(),
                    "--fingerprint", fingerprint, "--node", "n" + i, "--link0", address(), "--api", address(),
                    "--dir", nodeDir.toString());
            startHost(nodeDir);
            waitUntil(nodeDir, i);
        }
    }

    /** The broker named by --kafka, or a real single-node KRaft broker of the demo's own in {@code base/kafka}. */
    private void startKafka(Path base, PrintWriter out) throws IOException, InterruptedException {
        java.util.Optional<io.quorate.events.kafka.KafkaSettings> named = kafka.settings();
        String servers;
        if (named.isPresent()) {
            servers = named.get().bootstrapServers();
        } else {
            broker = KafkaBrokerProcess.start(base.resolve("kafka"), READY_TIMEOUT);
            servers = broker.bootstrapServers();
        }
        out.println("kafka: " + servers);
        out.flush();
        eventOptions.addAll(List.of("--kafka", servers, "--kafka-topic", kafka.topic()));
        if (kafka.configFile != null) {
            eventOptions.addAll(List.of("--kafka-config", kafka.configFile.toAbsolutePath().toString()));
        }
    }

    /**
     * Starts node {@code n<i>} beside its watchdog supervisor (one process group, as a host), its
     * guests listening on 127.0.0.i so each node's copy of a guest has an address of its own.
     */
    private void startHost(Path nodeDir) throws IOException {
        List<String> options = new ArrayList<>(eventOptions);
        options.addAll(List.of("--guest-address", LocalHaCluster.guestHost(nodeIndex(nodeDir.getFileName().toString()))));
        HaHost host = HaHost.prepare(nodeDir, HaHost.javaCommandOfThisJvm(), options);
        host.start();
        started.add(host);
    }

    /** The i of node {@code n<i>}. */
    private static int nodeIndex(String node) {
        return Integer.parseInt(node.replaceAll("\\D", "0"));
    }

    /** Adds the process guest vm:101 as an HA resource (unless a kept cluster has it) and shows it started. */
    private static void showHaGuest(PrintWriter out, List<Path> dirs) throws InterruptedException {
        String first = dirs.get(0).toString();
        if (!run("ha", "config", "--dir", first).contains(DEMO_GUEST)) {
            run("ha", "add", DEMO_GUEST, "--comment", "Quorate demo guest", "--dir", first);
        }
        String[] status = {""};
        if (!Poll.until(READY_TIMEOUT, Duration.ofMillis(200), () -> {
            status[0] = run("ha", "status", "--dir", first);
            // started by the manager, and the node running it reports its LRM active
            java.util.regex.Matcher started = java.util.regex.Pattern.compile("service " + DEMO_GUEST + " \\(([^,]+), started\\)")
                    .matcher(status[0]);
            return started.find() && status[0].contains("lrm " + started.group(1) + " (active,");
        })) {
            throw new CliException(DEMO_GUEST + " did not start within " + READY_TIMEOUT.toSeconds() + " s; ha status:\n" + status[0]);
        }
        out.println("HA (ha status):");
        out.print(status[0]);
        String node = status[0].replaceAll("(?s).*service " + DEMO_GUEST + " \\(([^,]+), started\\).*", "$1");
        out.printf("%s answers on http://%s/ (curl it; it says which node serves it)%n", DEMO_GUEST,
                GuestAddress.of(LocalHaCluster.guestHost(nodeIndex(node)), DEMO_GUEST));
        out.println();
    }

    private static String address() throws IOException {
        return "127.0.0.1:" + FreePorts.pick("127.0.0.1");
    }

    /** Runs a quorate command in this JVM and returns its output; a failure stops the demo with its reason. */
    private static String run(String... args) {
        StringWriter output = new StringWriter();
        StringWriter errors = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(output));
        commandLine.setErr(new PrintWriter(errors));
        int exit = commandLine.execute(args);
        if (exit != 0) {
            throw new CliException(errors.toString().strip().replaceFirst("^quorate: ", ""));
        }
        return output.toString();
    }

    /** Polls the node's API until it reports a quorate cluster of {@code members} online nodes. */
    private static void waitUntil(Path nodeDir, int members) throws InterruptedException {
        String[] last = {"no answer yet"};
        boolean ready = Poll.until(READY_TIMEOUT, Duration.ofMillis(100), () -> {
            try {
                JsonArray status = NodeApi.forDir(nodeDir).get("/api2/json/cluster/status").getJsonArray("data");
                long online = status.stream().skip(1).filter(e -> ((io.vertx.core.json.JsonObject) e).getInteger("online") == 1).count();
                boolean quorate = status.getJsonObject(0).getInteger("quorate") == 1;
                last[0] = (quorate ? "quorate" : "not quorate") + ", " + online + " online";
                return quorate && online >= members;
            } catch (CliException e) {
                last[0] = e.getMessage();
                return false;
            }
        });
        if (ready) {
            return;
        }
        throw new CliException("node in " + nodeDir + " did not become ready within " + READY_TIMEOUT.toSeconds()
                + " s (" + last[0] + "); see " + new NodeFiles(nodeDir).log());
    }

    private static List<Path> existingNodeDirs(Path base) throws IOException {
        try (Stream<Path> entries = Files.list(base)) {
            return entries.filter(p -> Files.exists(new NodeFiles(p).corosyncConf()))
                    .sorted(Comparator.comparing(p -> nodeIndex(p.getFileName().toString())))
                    .toList();
        }
    }

    private void stopAll(Path base, boolean temporary) {
        for (HaHost host : started) {
            try {
                host.stop(Duration.ofSeconds(10));
            } catch (IOException e) {
                System.err.println("quorate: could not stop the node in " + host.dir() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (broker != null) {
            try {
                broker.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (temporary) {
            try {
                FileTrees.delete(base);
            } catch (IOException e) {
                System.err.println("quorate: could not remove " + base + ": " + e.getMessage());
            }
        }
    }
}
