package io.quorate.runtime.link;

import io.quorate.protocol.ClusterMessage;
import io.quorate.protocol.Packet;
import io.quorate.protocol.PacketCodec;
import io.quorate.runtime.HostPort;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Authenticated TCP between cluster nodes, for messages too large for a datagram (the replicated
 * config log's). Framing, sender identity, replay protection and routing are described in
 * {@link io.quorate.runtime.link the package documentation}.
 *
 * <p>Must be created and used on one Vert.x event-loop context (the node core's); every callback,
 * {@code onMessage} included, runs there, and no method blocks. Delivery is best effort, as a Raft
 * transport may be: {@link #send} drops (and counts) what it cannot send now rather than buffer
 * without bound or throw.
 */
public final class StreamLink {
    private static final System.Logger LOG = System.getLogger(StreamLink.class.getName());

    /**
     * Bytes one connection may have waiting, queued while connecting or written but not yet flushed
     * to the kernel: four full frames. Writes complete only after the event loop's turn, so this is
     * also the most one turn can send to one peer; Raft's inflight limit should stay below it.
     */
    static final long MAX_PENDING_BYTES = 16L * 1024 * 1024;
    /** How long an outbound connection attempt may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /**
     * Accepted connections open at once; further ones are closed at once. Far above any cluster's
     * size, it caps what unauthenticated connections can hold (a partial frame of up to 4 MiB each).
     */
    static final int MAX_INBOUND_CONNECTIONS = 64;

    private final Vertx vertx;
    private final Thread eventLoop;
    private final int selfId;
    private final long incarnation;
    private final PacketCodec codec;
    private final InboundCheck inboundCheck;
    private final BiConsumer<Integer, ClusterMessage> onMessage;
    private final LinkCounters counters = new LinkCounters();
    private final NetClient client;
    private final Map<Integer, PeerChannel> channels = new HashMap<>();
    /** Per sender id, the latest connection it authenticated on: the way back to nodes we do not list. */
    private final Map<Integer, Connection> replyRoutes = new HashMap<>();
    private final Set<Connection> inbound = new LinkedHashSet<>();
    private final Set<String> reportedEncodeFailures = new HashSet<>();
    private Map<Integer, HostPort> peers = Map.of();
    private NetServer server;
    private long seq;
    private boolean closed;
    private boolean reportedInboundLimit;

    /**
     * @param selfId      this node's id: frames are signed with it, and frames claiming it are refused
     * @param incarnation this process's incarnation; frame numbers restart with each one
     * @param authkey     the cluster's shared secret (copied)
     * @param rejections  where refused frames are reported (the node's packet-rejection report)
     * @param onMessage   gets (sender id, message) of each authenticated, fresh frame, in arrival order
     * @throws IllegalStateException if not called on a Vert.x event-loop thread
     */
    /** Stamps outgoing frames and merges incoming ones; see {@link #useClock}. */
    private io.quorate.protocol.CausalClock clock = io.quorate.protocol.CausalClock.NONE;

    public StreamLink(Vertx vertx, int selfId, long incarnation, byte[] authkey, LinkRejections rejections,
                      BiConsumer<Integer, ClusterMessage> onMessage) {
        if (Vertx.currentContext() == null || !Context.isOnEventLoopThread()) {
            throw new IllegalStateException("create the stream link on its event-loop context");
        }
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.eventLoop = Thread.currentThread();
        this.selfId = selfId;
        this.incarnation = incarnation;
        this.codec = PacketCodec.forStreams(authkey);
        this.inboundCheck = new InboundCheck(selfId, codec, Objects.requireNonNull(rejections, "rejections"));
        this.onMessage = Objects.requireNonNull(onMessage, "onMessage");
        this.client = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis())
                .setTcpNoDelay(true)
                .setTcpKeepAlive(true));
    }

    /** Accepts connections on {@code own} (the node's cluster address; TCP beside its UDP socket). */
    public Future<Void> listen(HostPort own) {
        onEventLoop();
        if (server != null || closed) {
            throw new IllegalStateException(closed ? "stream link is closed" : "stream link already listens");
        }
        server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setTcpKeepAlive(true));
        server.connectHandler(this::accept);
        return server.listen(own.port(), own.host()).mapEmpty();
    }

    /**
     * Replaces the peers map (node id to cluster address; this node's own entry is ignored).
     * Connections to ids no longer listed, or listed at another address, are closed; the frames they
     * had queued are dropped. Frames from an unlisted id are still accepted.
     */
    public void updatePeers(Map<Integer, HostPort> peers) {
        onEventLoop();
        Map<Integer, HostPort> next = new HashMap<>(peers);
        next.remove(selfId);
        channels.entrySet().removeIf(entry -> {
            if (entry.getValue().address().equals(next.get(entry.getKey()))) {
                return false;
            }
            entry.getValue().close();
            return true;
        });
        this.peers = Map.copyOf(next);
    }

    /**
     * Sends {@code message} to node {@code to}: over this link's own connection if {@code to} is a
     * listed peer (opened on first use), else over the latest connection {@code to} authenticated
     * on. Never blocks or throws for want of a route, room or size: such a message is dropped and
     * counted in {@link LinkStats#framesDropped()}.
     */
    public void send(int to, ClusterMessage message) {
        onEventLoop();
        Objects.requireNonNull(message, "message");
        PeerChannel channel = null;
        Connection reply = null;
        if (!closed && to != selfId) {
            if (peers.containsKey(to)) {
                channel = channels.computeIfAbsent(to, id -> new PeerChannel(id, peers.get(id), vertx, client,
                        this::adopt, counters, MAX_PENDING_BYTES));
            } else {
                reply = replyRoutes.get(to);
            }
        }
        Buffer frame = channel != null || reply != null ? encode(to, message) : null;
        boolean written = frame != null && (channel != null ? channel.send(frame) : reply.write(frame));
        if (!written) {
            counters.dropped(1);
        }
    }

    /** Closes the server and every connection; the link sends and accepts nothing more. */
    public Future<Void> close() {
        onEventLoop();
        closed = true;
        List<Future<?>> closing = new ArrayList<>();
        channels.values().forEach(channel -> closing.add(channel.close()));
        channels.clear();
        List.copyOf(inbound).forEach(connection -> closing.add(connection.close()));
        replyRoutes.clear();
        if (server != null) {
            closing.add(server.close());
        }
        closing.add(client.close());
        return Future.join(closing).mapEmpty();
    }

    /** The node's hybrid clock for this link's frames (default: none); call before sending. */
    public void useClock(io.quorate.protocol.CausalClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The counters so far; may be called from any thread. */
    public LinkStats stats() {
        return counters.snapshot();
    }

    private Buffer encode(int to, ClusterMessage message) {
        try {
            return FrameParser.frame(codec.encode(new Packet(selfId, incarnation, ++seq, message, clock.stamp())));
        } catch (IllegalArgumentException e) {
            if (reportedEncodeFailures.add(message.getClass().getSimpleName())) {
                LOG.log(System.Logger.Level.ERROR, "not sending " + message.getClass().getSimpleName() + " to node " + to
                        + ": " + e.getMessage() + " (further such failures are only counted as dropped frames)");
            }
            return null;
        }
    }

    private void accept(NetSocket socket) {
        if (closed || inbound.size() >= MAX_INBOUND_CONNECTIONS) {
            if (!closed && !reportedInboundLimit) {
                reportedInboundLimit = true;
                LOG.log(System.Logger.Level.WARNING, "refusing stream connection from " + socket.remoteAddress() + ": "
                        + MAX_INBOUND_CONNECTIONS + " are open already (further refusals are not logged)");
            }
            socket.close();
            return;
        }
        Connection connection = adopt(socket);
        inbound.add(connection);
        connection.whenClosed(() -> inbound.remove(connection));
    }

    /** Wraps a socket of either direction: what arrives is checked and delivered the same way. */
    private Connection adopt(NetSocket socket) {
        Connection connection = new Connection(socket, codec.maxBytes(), MAX_PENDING_BYTES, counters, new Connection.Listener() {
            @Override
            public void onFrame(Connection from, Buffer packet) {
                receive(from, packet);
            }

            @Override
            public void onBadLength(Connection from, int length) {
                inboundCheck.reportBadLength(from.remote(), length, codec.maxBytes());
                from.close();
            }
        });
        connection.whenClosed(() -> replyRoutes.remove(connection.boundSender(), connection));
        return connection;
    }

    private void receive(Connection from, Buffer frame) {
        if (closed) {
            return;
        }
        InboundCheck.Verdict verdict = inboundCheck.check(from.remote(), from.boundSender(), frame.getBytes());
        switch (verdict.action()) {
            case CLOSE:
                from.close();
                return;
            case DROP:
                return;
            default:
                break;
        }
        Packet packet = verdict.packet();
        if (from.boundSender() == 0) {
            from.bindSender(packet.senderId());
        }
        replyRoutes.put(packet.senderId(), from);
        counters.delivered();
        clock.observe(packet.hlc());
        try {
            onMessage.accept(packet.senderId(), packet.message());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "handler failed on " + packet.message().getClass().getSimpleName()
                    + " from node " + packet.senderId(), e);
        }
    }

    private void onEventLoop() {
        if (Thread.currentThread() != eventLoop) {
            throw new IllegalStateException("stream link used off its event loop, from " + Thread.currentThread().getName());
        }
    }

    @Override
    public String toString() {
        return "StreamLink[node " + selfId + ", " + peers.size() + " peers, " + inbound.size() + " inbound]";
    }
}
