package io.quorate.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * A Vert.x 5 HTTPS server loading its key and certificate from PEM files, as the node's API will. It
 * answers every request with a JSON echo of what it received; {@code /missing} answers 404.
 */
final class EchoHttpsServer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private EchoHttpsServer(Vertx vertx, Path keyPem, Path certPem) throws Exception {
        HttpServerOptions options = new HttpServerOptions()
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setKeyPath(keyPem.toString()).setCertPath(certPem.toString()));
        this.server = await(vertx.createHttpServer(options).requestHandler(this::echo).listen(0, "127.0.0.1"));
    }

    /** Listens on a free port of 127.0.0.1; {@code vertx} stays the caller's to close. */
    static EchoHttpsServer start(Vertx vertx, Path keyPem, Path certPem) throws Exception {
        return new EchoHttpsServer(vertx, keyPem, certPem);
    }

    String baseUrl() {
        return "https://127.0.0.1:" + server.actualPort();
    }

    /** Requests that got past the TLS handshake. */
    int requestCount() {
        return requests.get();
    }

    private void echo(HttpServerRequest request) {
        requests.incrementAndGet();
        request.body().onSuccess(body -> {
            JsonObject echo = new JsonObject()
                    .put("method", request.method().name())
                    .put("path", request.path())
                    .put("authorization", request.getHeader("Authorization"))
                    .put("contentType", request.getHeader("Content-Type"))
                    .put("body", body.toString());
            request.response()
                    .setStatusCode("/missing".equals(request.path()) ? 404 : 200)
                    .putHeader("Content-Type", "application/json")
                    .end(echo.encode());
        });
    }

    @Override
    public void close() throws IOException {
        try {
            await(server.close());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while closing the server", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot close the server: " + e.getMessage(), e);
        }
    }

    static <T> T await(Future<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
