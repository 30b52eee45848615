package io.quorate.runtime;

import io.quorate.core.Effect;
import io.quorate.core.Outbox;
import io.quorate.events.Event;
import io.quorate.events.EventData;
import io.quorate.events.EventSink;
import io.quorate.events.NodeEvent;
import io.quorate.node.ClusterSpec;
import io.quorate.node.NodeCore;
import io.quorate.protocol.ClusterMessage;
import io.quorate.protocol.DecodeResult;
import io.quorate.protocol.Packet;
import io.quorate.protocol.PacketCodec;
import io.quorate.protocol.RejectReason;
import io.quorate.protocol.ReplayWindow;
import io.quorate.quorum.SetExpectedResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Drives one {@link NodeCore} over real UDP: decodes and authenticates packets, feeds them and the
 * timers to the core on this verticle's event loop (so the core needs no locks), and carries out
 * what the core asks — record events, persist, send. Persisting the ring sequence is a tiny
 * page-cache write done inline, because a minted ring id must be recorded before it is sent.
 */
public final class NodeRuntime extends VerticleBase {
    private static final System.Logger LOG = System.getLogger(NodeRuntime.class.getName());

    private final LoadedNode node;
    private final EventSink events;
    private final Outbox outbox = new Outbox();
    private final PacketCodec codec;
    private final ReplayWindow replayWindow = new ReplayWindow();
    private final PacketRejections rejections;
    private final CounterFile ringSequenceFile;
    private final long startNanos = System.nanoTime();
    private NodeCore core;
    private DatagramSocket socket;
    private Map<Integer, HostPort> peerAddresses = new HashMap<>();
    private long eventSeq;
    private long packetSeq;
    private long timerId = -1;
    private long timerDeadline = Long.MAX_VALUE;
    private volatile boolean stopping;
    private final io.vertx.core.Promise<Void> removed = io.vertx.core.Promise.promise();

    public NodeRuntime(LoadedNode node, EventSink events) {
        this.node = node;
        this.events = events;
        this.codec = new PacketCodec(node.authkey());
        this.ringSequenceFile = new CounterFile(node.files().ringSequence());
        this.rejections = new PacketRejections(this::record);
    }

    @Override
    public Future<?> start() {
        ClusterSpec spec = node.spec();
        core = new NodeCore(node.nodeId(), spec, node.ringSequence(), new Random(), node.parser());
        peerAddresses = node.addresses(spec);
        HostPort own = peerAddresses.get(node.nodeId());
        socket = vertx.createDatagramSocket(new DatagramSocketOptions().setReceiveBufferSize(1 << 20));
        socket.handler(this::onDatagram);
        return socket.listen(own.port(), own.host()).onSuccess(bound -> {
            record(new NodeEvent.Started(node.nodeId(), Versions.software(), own.toString()));
            step(now -> core.start(now, outbox));
        });
    }

    /** Clean stop: tell peers we leave, so they drop us at once instead of after the token. */
    @Override
    public Future<?> stop() {
        stopping = true;
        if (core != null) {
            record(new NodeEvent.Stopping(node.nodeId(), "shutdown"));
            step(now -> core.leave(outbox));
        }
        return socket == null ? Future.succeededFuture() : socket.close();
    }

    /** Runs {@code action} on the core's event loop (API handlers live on another one). */
    public void runOnCore(Runnable action) {
        context.runOnContext(v -> action.run());
    }

    /** Completes when a new corosync.conf no longer lists this node (cm delnode): the daemon then stops. */
    public Future<Void> removedFromCluster() {
        return removed.future();
    }

    public NodeCore core() {
        return core;
    }

    public LoadedNode node() {
        return node;
    }

    /** Runs an admin command against the core on this event loop. */
    public SetExpectedResult setExpectedVotes(int expected) {
        SetExpectedResult[] result = new SetExpectedResult[1];
        step(now -> result[0] = core.setExpectedVotes(expected, now, outbox));
        return result[0];
    }

    /** Adopts a corosync.conf changed on this node (cm add / delnode) and spreads it. */
    public boolean adoptConfig(ClusterSpec newer) {
        boolean[] adopted = new boolean[1];
        step(now -> adopted[0] = core.adoptConfig(newer, now, outbox));
        return adopted[0];
    }

    private long now() {
        return (System.nanoTime() - startNanos) / 1_000_000 + 1;
    }

    private void onDatagram(DatagramPacket datagram) {
        String source = datagram.sender().host() + ":" + datagram.sender().port();
        byte[] bytes = datagram.data().getBytes();
        DecodeResult result = codec.decode(bytes, 0, bytes.length);
        if (result instanceof DecodeResult.Rejected rejected) {
            rejections.reject(source, rejected.reason(), rejected.detail());
            return;
        }
        Packet packet = ((DecodeResult.Accepted) result).packet();
        if (!peerAddresses.containsKey(packet.senderId()) || packet.senderId() == node.nodeId()) {
            rejections.reject(source, RejectReason.UNKNOWN_SENDER, "node id " + packet.senderId() + " is not a peer in the nodelist");
            return;
        }
        if (!replayWindow.accept(packet.senderId(), packet.incarnation(), packet.packetSeq())) {
            rejections.reject(source, RejectReason.REPLAYED, "packet " + packet.incarnation() + "/" + packet.packetSeq()
                    + " of node " + packet.senderId() + " was seen before or is too old");
            return;
        }
        step(now -> core.receive(packet.senderId(), packet.message(), now, outbox));
    }

    private void onTimer(long id) {
        timerId = -1;
        timerDeadline = Long.MAX_VALUE;
        step(now -> core.tick(now, outbox));
    }

    /**
     * One core step: run it, then record, persist and send what it produced, then re-arm the timer.
     * The outbox is cleared and the timer re-armed whatever happens, so one failure (a message that
     * cannot be encoded, say) cannot wedge the node or make it record the same events twice.
     */
    private void step(Consumer<Long> action) {
        try {
            action.accept(now());
            for (EventData event : outbox.events()) {
                record(event);
            }
            for (Effect effect : outbox.effects()) {
                carryOut(effect);
            }
            for (Outbox.Outgoing message : outbox.messages()) {
                if (message.to() == Outbox.ALL_PEERS) {
                    peerAddresses.keySet().stream().filter(id -> id != node.nodeId()).forEach(id -> send(id, message.message()));
                } else {
                    send(message.to(), message.message());
                }
            }
        } finally {
            outbox.clear();
            if (!stopping) {
                armTimer();
            }
        }
    }

    private void carryOut(Effect effect) {
        if (effect instanceof Effect.PersistRingSequence sequence) {
            try {
                ringSequenceFile.write(sequence.highestSequence());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record ring sequence in " + node.files().ringSequence(), e);
            }
        } else if (effect instanceof Effect.PersistClusterConfig config) {
            Map<Integer, HostPort> previous = peerAddresses;
            peerAddresses = node.addresses(core.spec());
            // an id that left the nodelist may come back as a new node starting at incarnation 1
            previous.keySet().stream().filter(id -> !peerAddresses.containsKey(id)).forEach(replayWindow::forget);
            vertx.executeBlocking(() -> {
                node.writeClusterConfig(config.corosyncConf());
                return null;
            }).onFailure(e -> LOG.log(System.Logger.Level.ERROR, "cannot store corosync.conf: " + e.getMessage()));
            if (!peerAddresses.containsKey(node.nodeId())) {
                LOG.log(System.Logger.Level.ERROR, "this node was removed from the cluster (config_version "
                        + config.configVersion() + "); stopping");
                removed.tryComplete();
            }
        }
    }

    private void send(int to, ClusterMessage message) {
        HostPort address = peerAddresses.get(to);
        if (address == null) {
            return;
        }
        byte[] bytes;
        try {
            bytes = codec.encode(new Packet(node.nodeId(), node.incarnation(), ++packetSeq, message));
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "not sending " + message.getClass().getSimpleName() + " to node " + to + ": " + e.getMessage());
            return;
        }
        socket.send(Buffer.buffer(bytes), address.port(), address.host());
    }

    private void armTimer() {
        long deadline = core.nextDeadline();
        if (deadline == timerDeadline) {
            return;
        }
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        timerDeadline = deadline;
        timerId = deadline == Long.MAX_VALUE ? -1 : vertx.setTimer(Math.max(1, deadline - now()), this::onTimer);
    }

    private void record(EventData data) {
        events.accept(Event.of(node.spec().clusterName(), node.nodeName(), node.incarnation(), ++eventSeq, Instant.now(), data));
    }
}
