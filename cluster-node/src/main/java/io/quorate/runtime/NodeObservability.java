package io.quorate.runtime;

import io.quorate.events.kafka.PublisherStats;
import io.quorate.events.kafka.SpoolPublisher;
import io.quorate.ha.runtime.HaRuntime;
import io.quorate.metrics.MetricsServer;
import io.quorate.metrics.NodeMetrics;
import io.quorate.metrics.NodeSnapshot;
import io.quorate.node.NodeCore;
import io.quorate.quorum.QuorumStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * Connects a node's metrics to what it measures: its events (folded on the core loop), its core,
 * HA runtime and event spool (read on the core loop at each scrape), and serves them on the metrics
 * address, which it writes to {@code <dir>/metrics.address} once bound (so a port 0 can be found).
 */
public final class NodeObservability {
    private NodeObservability() {
    }

    /** The publisher's figures as the metrics read them; zero without Kafka. */
    static NodeMetrics.PublishFigures figuresOf(NodeEvents events) {
        return new NodeMetrics.PublishFigures() {
            @Override
            public long published() {
                return events.publisher().map(p -> p.stats().published()).orElse(0L);
            }

            @Override
            public long failures() {
                return events.publisher().map(p -> p.stats().sendFailures()).orElse(0L);
            }

            @Override
            public long dropped() {
                return events.stream().droppedHeartbeats();
            }

            @Override
            public long[] latencyMs() {
                PublisherStats stats = events.publisher().map(SpoolPublisher::stats).orElse(null);
                return stats == null ? new long[3] : new long[] {stats.latencyP50Ms(), stats.latencyP99Ms(), stats.latencyMaxMs()};
            }
        };
    }

    /** Serves {@code metrics} on {@code address} (the node's events feed it from before its start, see NodeDaemon). */
    public static Future<HttpServer> start(Vertx vertx, NodeRuntime runtime, HaRuntime ha, NodeEvents events, NodeMetrics metrics,
                                           HostPort address) {
        return MetricsServer.start(vertx, address, metrics,
                () -> Future.future(promise -> runtime.runOnCore(() -> promise.complete(snapshot(runtime, ha, events)))))
                .compose(server -> vertx.executeBlocking(() -> {
                    Files.writeString(runtime.node().files().dir().resolve("metrics.address"),
                            address.host() + ":" + server.actualPort() + "\n");
                    return server;
                }));
    }

    private static List<String> configuredPeers(NodeCore core) {
        return core.spec().nodelist().entrySet().stream().filter(e -> e.getKey() != core.localNodeId())
                .map(Map.Entry::getValue).sorted().toList();
    }

    private static NodeSnapshot snapshot(NodeRuntime runtime, HaRuntime ha, NodeEvents events) {
        NodeCore core = runtime.core();
        QuorumStatus quorum = core.quorumStatus();
        List<NodeSnapshot.Member> members = quorum.members().stream()
                .map(m -> new NodeSnapshot.Member(m.name(), m.votes(), m.nodeId() == core.localNodeId())).toList();
        HaRuntime.Roles roles = ha.roles();
        long lastConfirmed = events.publisher().map(SpoolPublisher::lastConfirmedAtMs).orElse(0L);
        NodeSnapshot.Spool spool = new NodeSnapshot.Spool(events.spool().bytes(), events.spool().pendingRecords(),
                events.spool().overBound(), events.publisher().isPresent(), lastConfirmed / 1000.0);
        return new NodeSnapshot(quorum.quorate(), quorum.expectedVotes(), quorum.highestExpected(), quorum.totalVotes(),
                quorum.quorum(), core.view().ring().sequence(), members, configuredPeers(core), core.configVersion(), core.configDb().lockHolders(), roles.crmState(),
                roles.master(), roles.lrmState(), ha.view().services(), roles.watchdogArmed(), roles.watchdogExpirySeconds(), spool);
    }
}
