package io.quorate.runtime.link;

import io.quorate.runtime.HostPort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.function.Function;

/**
 * The outbound connection to one peer. Opened on the first frame, then kept open: when an attempt
 * fails or the connection closes, the next attempt follows after a {@link Backoff} delay (reset
 * once a connection has lasted {@link Backoff#MAX}). Frames sent while there is no connection wait
 * in a queue of at most {@code maxPendingBytes}; they are written once connected, or dropped with
 * an attempt that fails, so a peer that is down does not collect stale frames. Beyond the bound a
 * frame is refused, never buffered. Use from the link's event loop only.
 */
final class PeerChannel {
    private static final System.Logger LOG = System.getLogger(PeerChannel.class.getName());

    private enum State {
        /** Never used: no connection, no attempt. */
        IDLE,
        CONNECTING,
        CONNECTED,
        /** Waiting out the backoff delay before the next attempt. */
        WAITING,
        CLOSED
    }

    private final int peerId;
    private final HostPort address;
    private final Vertx vertx;
    private final NetClient client;
    private final Function<NetSocket, Connection> adopt;
    private final LinkCounters counters;
    private final long maxPendingBytes;
    private final Backoff backoff = new Backoff();
    private final ArrayDeque<Buffer> pending = new ArrayDeque<>();
    private long pendingBytes;
    private State state = State.IDLE;
    private Connection connection;
    private long connectedAtNanos;
    private long timerId = -1;
    private boolean attempted;
    private boolean reportedDown;

    /**
     * @param adopt wraps a fresh socket in a {@link Connection} that delivers what arrives on it
     */
    PeerChannel(int peerId, HostPort address, Vertx vertx, NetClient client, Function<NetSocket, Connection> adopt,
                LinkCounters counters, long maxPendingBytes) {
        this.peerId = peerId;
        this.address = address;
        this.vertx = vertx;
        this.client = client;
        this.adopt = adopt;
        this.counters = counters;
        this.maxPendingBytes = maxPendingBytes;
    }

    HostPort address() {
        return address;
    }

    /** Writes or queues {@code frame}; false if it was refused (closed channel, or over the byte bound). */
    boolean send(Buffer frame) {
        switch (state) {
            case CLOSED:
                return false;
            case CONNECTED:
                return connection.write(frame);
            default:
                if (pendingBytes + frame.length() > maxPendingBytes) {
                    return false;
                }
                pending.add(frame);
                pendingBytes += frame.length();
                if (state == State.IDLE) {
                    connect();
                }
                return true;
        }
    }

    /** Closes the connection and stops reconnecting; queued frames are dropped and counted. */
    Future<Void> close() {
        state = State.CLOSED;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        dropPending();
        Connection open = connection;
        connection = null;
        return open == null ? Future.succeededFuture() : open.close();
    }

    private void connect() {
        state = State.CONNECTING;
        if (attempted) {
            counters.reconnecting();
        }
        attempted = true;
        client.connect(address.port(), address.host()).onComplete(ar -> {
            if (state == State.CLOSED) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
            } else if (ar.failed()) {
                if (!reportedDown) {
                    reportedDown = true;
                    LOG.log(System.Logger.Level.INFO, "stream link to node " + peerId + " at " + address
                            + " is down (" + ar.cause().getMessage() + "); retrying");
                }
                dropPending();
                retryLater();
            } else {
                onConnected(ar.result());
            }
        });
    }

    private void onConnected(NetSocket socket) {
        Connection opened = adopt.apply(socket);
        connection = opened;
        connectedAtNanos = System.nanoTime();
        state = State.CONNECTED;
        counters.connected();
        if (reportedDown) {
            reportedDown = false;
            LOG.log(System.Logger.Level.INFO, "stream link to node " + peerId + " at " + address + " is up");
        }
        while (!pending.isEmpty()) {
            Buffer frame = pending.poll();
            pendingBytes -= frame.length();
            if (!opened.write(frame)) {
                counters.dropped(1);
            }
        }
        opened.whenClosed(() -> onConnectionClosed(opened));
    }

    private void onConnectionClosed(Connection closed) {
        if (state != State.CONNECTED || connection != closed) {
            return;
        }
        connection = null;
        if (System.nanoTime() - connectedAtNanos >= Backoff.MAX.toNanos()) {
            backoff.reset();
        }
        retryLater();
    }

    private void retryLater() {
        state = State.WAITING;
        timerId = vertx.setTimer(backoff.nextDelayMillis(), id -> {
            timerId = -1;
            if (state == State.WAITING) {
                connect();
            }
        });
    }

    private void dropPending() {
        counters.dropped(pending.size());
        pending.clear();
        pendingBytes = 0;
    }

    @Override
    public String toString() {
        return "PeerChannel[node " + peerId + " at " + address + ", " + state + "]";
    }
}
