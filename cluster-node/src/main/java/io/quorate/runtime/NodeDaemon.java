package io.quorate.runtime;

import io.quorate.api.ApiServer;
import io.quorate.api.ClusterRoutes;
import io.quorate.api.FsRoutes;
import io.quorate.configdb.ConfigDbSettings;
import io.quorate.events.NodeEvent;
import io.quorate.ha.runtime.HaRuntime;
import io.quorate.metrics.NodeMetrics;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code quorate node run}: loads the node directory, starts Vert.x with a small footprint, the
 * cluster runtime and its HTTPS API, and on SIGTERM leaves the cluster cleanly.
 */
public final class NodeDaemon {
    private static final System.Logger LOG = System.getLogger(NodeDaemon.class.getName());

    private NodeDaemon() {
    }

    private static void await(Future<?> future) throws InterruptedException, ExecutionException {
        future.toCompletionStage().toCompletableFuture().get();
    }

    /** Runs until the JVM is asked to stop; returns the exit code. */
    public static int run(LoadedNode node, ConfigDbSettings configSettings, HaOptions ha, ReportOptions report)
            throws IOException, InterruptedException {
        ConfigLogStore configLog;
        try {
            configLog = ConfigLogStore.open(node.files().configLog());
        } catch (InvalidNodeDirectoryException e) {
            System.err.println("quorate: node " + node.nodeName() + " refuses to start: " + e.getMessage());
            return 1;
        }
        NodeEvents events;
        try {
            events = NodeEvents.open(node, report.kafka(), report.topic());
        } catch (IOException e) {
            System.err.println("quorate: node " + node.nodeName() + " refuses to start: event spool " + node.files().spool()
                    + ": " + e.getMessage());
            configLog.close();
            return 1;
        }
        // Two event loops: one runs the core, the other the HTTPS API, so TLS handshakes cannot delay
        // heartbeats. A few workers suffice for disk work (the first blocking call creates the whole
        // worker pool, so keep it small).
        NodeClock clock = NodeClock.system();
        NodeMetrics metrics = new NodeMetrics(node.spec().clusterName(), node.nodeName(), Versions.software(),
                NodeObservability.figuresOf(events), clock::wallMs);
        Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2)
                        .setInternalBlockingPoolSize(2).setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(metrics.registry())).build();
        NodeRuntime runtime = new NodeRuntime(node, events.stream(), configLog, configSettings, clock);
        runtime.addEventListener(metrics::onEvent); // before the start, so the counters see every event
        HostPort api = node.identity().api();
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            await(vertx.deployVerticle(runtime));
            // started from this thread, not from the core's loop, so the server gets an event loop of its own
            await(ApiServer.start(vertx, api, node.files().tlsKey(), node.files().tlsCertificate(), node.tokens(),
                    new ClusterRoutes(runtime), new FsRoutes(runtime), new io.quorate.api.HaRoutes(runtime),
                    new io.quorate.api.FaultRoutes(runtime)));
        } catch (ExecutionException e) {
            System.err.println("quorate: node " + node.nodeName() + " failed to start: " + e.getCause().getMessage());
            vertx.close();
            events.close();
            configLog.close();
            return 1;
        }
        if (ha.unsafeRecoverWithoutFencing()) {
            warnUnsafeRecovery(runtime);
        }
        HaRuntime haRuntime = HaRuntime.start(vertx, runtime, ha.timings(), ha.guests(), ha.unsafeRecoverWithoutFencing());
        ViewSnapshots.start(runtime, haRuntime::view);
        try {
            await(NodeObservability.start(vertx, runtime, haRuntime, events, metrics, report.metrics()));
        } catch (ExecutionException e) {
            System.err.println("quorate: node " + node.nodeName() + " cannot serve metrics on " + report.metrics() + ": "
                    + e.getCause().getMessage());
            haRuntime.shutdown();
            vertx.close();
            events.close();
            configLog.close();
            return 1;
        }
        LOG.log(System.Logger.Level.INFO, "node " + node.nodeName() + " (id " + node.nodeId() + ", incarnation "
                + node.incarnation() + ") up: cluster link " + node.addresses(node.spec()).get(node.nodeId())
                + ", API https://" + api);
        runtime.removedFromCluster().onComplete(v -> vertx.close().onComplete(closed -> stopped.countDown()));
        Thread hook = new Thread(() -> {
            // guests stop and HA locks go back while the node is still in the cluster
            haRuntime.shutdown().toCompletionStage().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
            // undeploying sends the goodbye, so peers drop us at once instead of after the token
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            events.close();
            closeQuietly(configLog);
        }, "quorate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        events.close();
        closeQuietly(configLog);
        return 0;
    }

    /**
     * The node's HA settings: timings (validated by the caller), where its guests listen, and the
     * test-only switch that lets its CRM recover a node's services without fencing it.
     */
    public record HaOptions(io.quorate.ha.runtime.HaTimings timings, HaRuntime.GuestPlacement guests,
                            boolean unsafeRecoverWithoutFencing) {
    }

    /** Says loudly, in the log and the event stream (and so in /metrics), that this node gives up fence-before-recover. */
    private static void warnUnsafeRecovery(NodeRuntime runtime) {
        String consequence = "as CRM master this node treats a node that left the quorate view as fenced at once, with no"
                + " power-off and no wait for its agent lock: its services are recovered elsewhere while they may still run."
                + " Split brain of resources is possible; for chaos tests of the checkers only";
        LOG.log(System.Logger.Level.WARNING, "UNSAFE: node " + runtime.node().nodeName() + " runs with "
                + HaRuntime.UNSAFE_RECOVERY_OPTION + ": " + consequence);
        runtime.runOnCore(() -> runtime.recordEvent(new NodeEvent.UnsafeOption(
                HaRuntime.UNSAFE_RECOVERY_OPTION, consequence)));
    }

    /**
     * What the node reports and where: Kafka settings (empty: spool only) and topic for its events,
     * and the address of its {@code /metrics} (port 0: any free port, see {@code <dir>/metrics.address}).
     */
    public record ReportOptions(java.util.Optional<io.quorate.events.kafka.KafkaSettings> kafka, String topic, HostPort metrics) {
    }

    private static void closeQuietly(ConfigLogStore configLog) {
        try {
            configLog.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the config log: " + e.getMessage());
        }
    }
}
