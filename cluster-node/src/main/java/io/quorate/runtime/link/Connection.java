package io.quorate.runtime.link;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One TCP connection of the link, accepted or opened: writes whole frames as long as the bytes
 * written but not yet flushed to the kernel stay within a bound, and feeds what arrives to a
 * {@link FrameParser}. Its callbacks run on the event loop it was created on.
 */
final class Connection {
    /** What happens to what arrives. */
    interface Listener {
        void onFrame(Connection connection, Buffer packet);

        void onBadLength(Connection connection, int length);
    }

    private final NetSocket socket;
    private final String remote;
    private final long maxUnflushedBytes;
    private final LinkCounters counters;
    private final FrameParser parser;
    private final List<Runnable> closeActions = new ArrayList<>();
    private long unflushedBytes;
    private int boundSender;
    private boolean closing;
    private boolean closed;

    Connection(NetSocket socket, int maxFrameBytes, long maxUnflushedBytes, LinkCounters counters, Listener listener) {
        this.socket = socket;
        this.remote = describe(socket.remoteAddress());
        this.maxUnflushedBytes = maxUnflushedBytes;
        this.counters = counters;
        this.parser = new FrameParser(maxFrameBytes,
                packet -> listener.onFrame(this, packet), length -> listener.onBadLength(this, length));
        socket.handler(chunk -> {
            counters.read(chunk.length());
            parser.handle(chunk);
        });
        socket.exceptionHandler(e -> close()); // the close handler follows; reconnecting is the owner's business
        socket.closeHandler(v -> onClosed());
    }

    /** {@code host:port} of the other end. */
    String remote() {
        return remote;
    }

    /** The node id this connection authenticated first, or 0 if none yet. */
    int boundSender() {
        return boundSender;
    }

    void bindSender(int senderId) {
        boundSender = senderId;
    }

    /** Closed, or closing: takes no more frames. */
    boolean isClosed() {
        return closing || closed;
    }

    /** Runs {@code action} once when the connection closes, whoever closes it (at once if it is closed). */
    void whenClosed(Runnable action) {
        if (closed) {
            action.run();
        } else {
            closeActions.add(action);
        }
    }

    /** Whether {@code frame} fits in this connection's bound; if so, writes it whole. */
    boolean fits(Buffer frame) {
        return !isClosed() && unflushedBytes + frame.length() <= maxUnflushedBytes;
    }

    /**
     * Writes {@code frame} if it {@link #fits}; returns false (and writes nothing) otherwise, so a
     * slow peer costs at most the bound in memory.
     */
    boolean write(Buffer frame) {
        if (!fits(frame)) {
            return false;
        }
        int length = frame.length();
        unflushedBytes += length;
        counters.sent(length);
        socket.write(frame).onComplete(ar -> unflushedBytes -= length);
        return true;
    }

    Future<Void> close() {
        closing = true;
        parser.stop();
        return socket.close();
    }

    private void onClosed() {
        if (closed) {
            return;
        }
        closed = true;
        parser.stop();
        List<Runnable> actions = List.copyOf(closeActions);
        closeActions.clear();
        actions.forEach(Runnable::run);
    }

    private static String describe(SocketAddress address) {
        if (address == null) {
            return "unknown";
        }
        String host = address.hostAddress() != null ? address.hostAddress() : address.host();
        return host != null && host.contains(":") ? "[" + host + "]:" + address.port() : host + ":" + address.port();
    }

    @Override
    public String toString() {
        return "Connection[" + remote + (boundSender != 0 ? ", node " + boundSender : "") + (closed ? ", closed" : "") + "]";
    }
}
