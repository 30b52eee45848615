package io.quorate.runtime;

import io.quorate.api.ApiServer;
import io.quorate.api.ClusterRoutes;
import io.quorate.events.JsonLinesEventLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code quorate node run}: loads the node directory, starts Vert.x with a small footprint, the
 * cluster runtime and its HTTPS API, and on SIGTERM leaves the cluster cleanly.
 */
public final class NodeDaemon {
    private static final System.Logger LOG = System.getLogger(NodeDaemon.class.getName());

    private NodeDaemon() {
    }

    /** Runs until the JVM is asked to stop; returns the exit code. */
    public static int run(LoadedNode node) throws IOException, InterruptedException {
        JsonLinesEventLog events = new JsonLinesEventLog(node.files().events());
        // One event loop runs the core; a few workers suffice for disk work (the first blocking call
        // creates the whole worker pool, so keep it small).
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2));
        NodeRuntime runtime = new NodeRuntime(node, events);
        HostPort api = node.identity().api();
        Future<?> started = vertx.deployVerticle(runtime)
                .compose(id -> runtime.onContext(() -> ApiServer.start(vertx, api, node.files().tlsKey(),
                        node.files().tlsCertificate(), node.tokens(), new ClusterRoutes(runtime))));
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch ready = new CountDownLatch(1);
        Throwable[] failure = new Throwable[1];
        started.onComplete(result -> {
            failure[0] = result.cause();
            ready.countDown();
        });
        ready.await();
        if (failure[0] != null) {
            System.err.println("quorate: node " + node.nodeName() + " failed to start: " + failure[0].getMessage());
            vertx.close();
            events.close();
            return 1;
        }
        LOG.log(System.Logger.Level.INFO, "node " + node.nodeName() + " (id " + node.nodeId() + ", incarnation "
                + node.incarnation() + ") up: cluster link " + node.addresses(node.spec()).get(node.nodeId())
                + ", API https://" + api);
        runtime.removedFromCluster().onComplete(v -> vertx.close().onComplete(closed -> stopped.countDown()));
        Thread hook = new Thread(() -> {
            // undeploying sends the goodbye, so peers drop us at once instead of after the token
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            events.close();
        }, "quorate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        events.close();
        return 0;
    }
}
