package io.quorate.exporter;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves {@code /metrics} (Prometheus text format, no auth) on a listen address: the exporter's, and
 * any other registry's (the chaos scheduler's).
 */
public final class ExporterServer implements AutoCloseable {
    private final HttpServer server;

    private ExporterServer(HttpServer server) {
        this.server = server;
    }

    public static ExporterServer start(String host, int port, StreamExporter exporter) throws IOException {
        return start(host, port, () -> exporter.scrape(System.currentTimeMillis()));
    }

    /** @param scrape the exposition, taken at each request */
    public static ExporterServer start(String host, int port, Supplier<String> scrape) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.createContext("/metrics", exchange -> {
            byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "exporter-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return new ExporterServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
