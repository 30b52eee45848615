package io.quorate.ha.guest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quorate.runtime.HostPort;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP face of a process guest: {@code GET /} and {@code GET /health} answer 200 with its
 * {@link GuestIdentity}. The JDK's own server, on its single dispatcher thread, keeps the guest
 * JVM small; a prober sends one request at a time per guest, so one thread is plenty.
 */
public final class GuestServer implements AutoCloseable {
    private final HttpServer server;

    private GuestServer(HttpServer server) {
        this.server = server;
    }

    /** Binds and serves; a taken address fails here with a {@link java.net.BindException}. */
    public static GuestServer start(GuestIdentity identity, HostPort listen) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(listen.host(), listen.port()), 16);
        byte[] body = identity.toJson().getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> answer(exchange, body));
        server.start();
        return new GuestServer(server);
    }

    private static void answer(HttpExchange exchange, byte[] identity) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals("/") && !path.equals("/health")) {
                exchange.sendResponseHeaders(404, -1);
            } else if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, identity.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(identity);
                }
            }
        }
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops at once: a guest that stops does not finish its answers, as a VM that is switched off. */
    @Override
    public void close() {
        server.stop(0);
    }
}
