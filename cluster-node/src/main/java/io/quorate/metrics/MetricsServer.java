package io.quorate.metrics;

import io.quorate.runtime.HostPort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.function.Supplier;

/**
 * Serves {@code GET /metrics} (Prometheus text format) on the node's metrics address, no auth, as
 * node exporters do; bind it to a loopback or management address. Each scrape first takes the
 * node's state on its core loop ({@code snapshot}), then renders on this server's own loop.
 */
public final class MetricsServer {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsServer() {
    }

    /**
     * @param snapshot runs on the core loop and returns the state to show (a future completed there)
     * @return the server, listening; its actual port when {@code address} asked for port 0
     */
    public static Future<HttpServer> start(Vertx vertx, HostPort address, NodeMetrics metrics,
                                           Supplier<Future<NodeSnapshot>> snapshot) {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(address.host()).setPort(address.port()));
        server.requestHandler(request -> {
            if (!request.path().equals("/metrics")) {
                request.response().setStatusCode(404).end("only /metrics here\n");
                return;
            }
            snapshot.get().onComplete(taken -> {
                if (taken.failed()) {
                    request.response().setStatusCode(503).end("node state unavailable: " + taken.cause().getMessage() + "\n");
                    return;
                }
                metrics.update(taken.result());
                request.response().putHeader("Content-Type", CONTENT_TYPE).end(io.vertx.core.buffer.Buffer.buffer(metrics.scrapeBytes()));
            });
        });
        return server.listen();
    }
}
