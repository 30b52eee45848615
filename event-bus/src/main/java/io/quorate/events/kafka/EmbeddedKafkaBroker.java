package io.quorate.events.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) inside this JVM, from the
 * Maven jars: for {@code quorate demo} and the tests. Its data and its chosen ports live in one
 * directory, so starting again in the same directory brings back the same broker at the same
 * address (topics and offsets kept). Listens on 127.0.0.1 only, plaintext.
 *
 * <p>Also a program: {@code java … io.quorate.events.kafka.EmbeddedKafkaBroker DIR} starts it in DIR,
 * prints {@code kafka: 127.0.0.1:<port>} on a line of its own once it serves, and runs until
 * SIGTERM.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final String ADDRESS_FILE = "embedded-broker.properties";
    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final String host;
    private final int port;
    private final KafkaRaftServer server;
    private final Duration startupTime;
    private boolean closed;

    private EmbeddedKafkaBroker(Path dir, String host, int port, KafkaRaftServer server, Duration startupTime) {
        this.dir = dir;
        this.host = host;
        this.port = port;
        this.server = server;
        this.startupTime = startupTime;
    }

    /** Starts (formatting on first use) a broker with its data in {@code dir}. */
    public static EmbeddedKafkaBroker start(Path dir) throws IOException {
        return start(dir, Map.of());
    }

    /** As {@link #start(Path)}, with broker properties that override the defaults. */
    public static EmbeddedKafkaBroker start(Path dir, Map<String, String> overrides) throws IOException {
        return start(dir, overrides, HOST);
    }

    /**
     * As {@link #start(Path, Map)}, serving clients on {@code host} instead of 127.0.0.1 (a chaos lab's
     * management address, reachable from its network namespaces); the controller stays on loopback.
     */
    public static EmbeddedKafkaBroker start(Path dir, Map<String, String> overrides, String host) throws IOException {
        KafkaLogging.quiet();
        long began = System.nanoTime();
        Files.createDirectories(dir);
        Path dataDir = dir.resolve("data");
        Ports ports = Ports.load(dir.resolve(ADDRESS_FILE));
        Map<String, String> props = brokerProperties(ports, dataDir, overrides, host);
        format(props, dataDir);
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        try {
            server.startup();
            awaitServing(host + ":" + ports.broker());
        } catch (RuntimeException | IOException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
        return new EmbeddedKafkaBroker(dir, host, ports.broker(), server, Duration.ofNanos(System.nanoTime() - began));
    }

    public String bootstrapServers() {
        return host + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** From the call to {@link #start} until the broker answered a client. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Creates a topic unless it exists, and returns once every partition has a leader: an idempotent
     * producer whose first batch meets a partition without one can end up refused for good
     * (OUT_OF_ORDER_SEQUENCE_NUMBER after its later batches went through).
     */
    public void createTopic(String name, int partitions) throws IOException {
        try (Admin admin = admin(bootstrapServers())) {
            try {
                admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IOException("cannot create topic " + name + ": " + e.getCause(), e.getCause());
                }
            }
            awaitLeaders(admin, name);
        } catch (ExecutionException e) {
            throw new IOException("cannot describe topic " + name + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted creating topic " + name, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("timed out creating topic " + name, e);
        }
    }

    private static void awaitLeaders(Admin admin, String topic)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            org.apache.kafka.clients.admin.TopicDescription description = null;
            try {
                description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            } catch (ExecutionException e) {
                // a topic just created may not be in the broker's metadata cache yet: not ready, like a missing leader
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (description != null && description.partitions().stream()
                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new java.util.concurrent.TimeoutException("partitions of " + topic + " without a leader: "
                        + (description == null ? "the broker does not know the topic yet" : description));
            }
            Thread.sleep(20); // polling the broker's metadata until every partition has its leader
        }
    }

    /** Stops the broker and waits until it has. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }

    private static Map<String, String> brokerProperties(Ports ports, Path dataDir, Map<String, String> overrides, String host) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@" + HOST + ":" + ports.controller());
        props.put("listeners", "PLAINTEXT://" + host + ":" + ports.broker() + ",CONTROLLER://" + HOST + ":" + ports.controller());
        props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + ports.broker());
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", dataDir.toAbsolutePath().toString());
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // sized for a small machine shared with the cluster nodes
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 << 20));
        props.putAll(overrides);
        return props;
    }

    /** Formats the log directory on first use; a formatted one is left as it is. */
    private static void format(Map<String, String> props, Path dataDir) throws IOException {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dataDir.toAbsolutePath().toString()))
                    .setMetadataLogDirectory(dataDir.toAbsolutePath().toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName(props.get("controller.listener.names"))
                    .run();
        } catch (Exception e) {
            throw new IOException("cannot format Kafka log directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the broker answers a client: startup() returns before it is unfenced. */
    private static void awaitServing(String bootstrap) throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = admin(bootstrap)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("Kafka broker at " + bootstrap + " did not come up within " + READY_TIMEOUT, e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for the Kafka broker", e);
        }
    }

    private static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(props);
    }

    /** The broker's two ports: chosen free on first start, then kept in the directory. */
    private record Ports(int broker, int controller) {
        static Ports load(Path file) throws IOException {
            Properties saved = new Properties();
            if (Files.exists(file)) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    saved.load(reader);
                }
                try {
                    return new Ports(Integer.parseInt(saved.getProperty("broker.port")),
                            Integer.parseInt(saved.getProperty("controller.port")));
                } catch (NumberFormatException e) {
                    throw new IOException(file + ": broker.port and controller.port must be port numbers");
                }
            }
            int broker = freePort();
            int controller = freePort();
            while (controller == broker) {
                controller = freePort();
            }
            Ports ports = new Ports(broker, controller);
            saved.setProperty("broker.port", String.valueOf(ports.broker()));
            saved.setProperty("controller.port", String.valueOf(ports.controller()));
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                saved.store(writer, "ports of the embedded Kafka broker in this directory");
            }
            return ports;
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
                return socket.getLocalPort();
            }
        }
    }

    /** {@code EmbeddedKafkaBroker DIR [HOST]}: runs a broker in DIR, serving clients on HOST (127.0.0.1), until SIGTERM. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
            System.err.println("usage: EmbeddedKafkaBroker DIR [HOST]");
            System.exit(2);
        }
        EmbeddedKafkaBroker broker = start(Path.of(args[0]), Map.of(), args.length == 2 ? args[1] : HOST);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-broker-shutdown"));
        System.out.println("kafka: " + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
