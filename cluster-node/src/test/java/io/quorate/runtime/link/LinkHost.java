package io.quorate.runtime.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import io.quorate.protocol.ClusterMessage;
import io.quorate.protocol.RejectReason;
import io.quorate.runtime.HostPort;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;

/**
 * One node's stream link on its own verticle context, as the node runtime will host it; records what
 * the link delivers and rejects, and runs test actions on the link's event loop.
 */
final class LinkHost extends VerticleBase {
    record Received(int from, ClusterMessage message) {
    }

    record Rejection(String source, RejectReason reason, String detail) {
    }

    final int id;
    final HostPort address;
    private final byte[] authkey;
    private final boolean listen;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<Rejection> rejections = new LinkedBlockingQueue<>();
    private StreamLink link;

    private LinkHost(int id, HostPort address, byte[] authkey, boolean listen) {
        this.id = id;
        this.address = address;
        this.authkey = authkey;
        this.listen = listen;
    }

    /** A link listening on {@code address}. */
    static LinkHost listening(Vertx vertx, int id, HostPort address, byte[] authkey) throws Exception {
        return deploy(vertx, new LinkHost(id, address, authkey, true));
    }

    /** A link that only connects out (it has no server, so replies can only come over its own connections). */
    static LinkHost connectingOnly(Vertx vertx, int id, byte[] authkey) throws Exception {
        return deploy(vertx, new LinkHost(id, null, authkey, false));
    }

    private static LinkHost deploy(Vertx vertx, LinkHost host) throws Exception {
        Await.result(vertx.deployVerticle(host));
        return host;
    }

    @Override
    public Future<?> start() {
        link = new StreamLink(vertx, id, 1000 + id, authkey,
                (source, reason, detail) -> rejections.add(new Rejection(source, reason, detail)),
                (from, message) -> received.add(new Received(from, message)));
        return listen ? link.listen(address) : Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return link.close();
    }

    <T> T call(Function<StreamLink, T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(action.apply(link));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        return Await.result(result);
    }

    void run(Consumer<StreamLink> action) throws Exception {
        call(link -> {
            action.accept(link);
            return null;
        });
    }

    void peers(Map<Integer, HostPort> peers) throws Exception {
        run(link -> link.updatePeers(peers));
    }

    void send(int to, ClusterMessage... messages) throws Exception {
        run(link -> {
            for (ClusterMessage message : messages) {
                link.send(to, message);
            }
        });
    }

    LinkStats stats() {
        return link.stats();
    }

    /** The next delivered message, waiting up to the test limit. */
    Received next() throws InterruptedException {
        Received next = received.poll(Await.LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(next, "node " + id + " received nothing within " + Await.LIMIT.toSeconds() + " s; " + stats());
        return next;
    }

    void expect(int from, ClusterMessage message) throws InterruptedException {
        Received next = next();
        assertEquals(from, next.from(), "sender");
        assertEquals(message, next.message());
    }

    boolean receivedNothingMore() {
        return received.isEmpty();
    }

    /** The next rejection, waiting up to the test limit. */
    Rejection nextRejection() throws InterruptedException {
        Rejection next = rejections.poll(Await.LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(next, "node " + id + " rejected nothing within " + Await.LIMIT.toSeconds() + " s");
        return next;
    }

    boolean rejectedNothingMore() {
        return rejections.isEmpty();
    }
}
