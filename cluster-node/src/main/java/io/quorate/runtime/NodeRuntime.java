package io.quorate.runtime;

import io.quorate.configdb.ConfigDbSettings;
import io.quorate.core.DiskGate;
import io.quorate.core.Effect;
import io.quorate.core.Outcome;
import io.quorate.core.Reply;
import io.quorate.core.StepOutput;
import io.quorate.protocol.LogEntry;
import io.quorate.runtime.link.StreamLink;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import io.quorate.core.Outbox;
import io.quorate.events.Event;
import io.quorate.events.EventData;
import io.quorate.events.EventStream;
import io.quorate.protocol.CausalClock;
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
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Drives one {@link NodeCore}: membership over UDP, the config log over the authenticated stream
 * link (TCP), timers and client requests, all fed to the core on this verticle's event loop (so
 * the core needs no locks); then carries out what the core asks — record events, persist, send,
 * answer. Config-log writes go to one disk worker with group commit: a step's messages and replies
 * leave only once its writes (and all earlier ones) are fsynced ({@link DiskGate}). Persisting the
 * ring sequence is a tiny page-cache write done inline, because a minted ring id must be recorded
 * before it is sent.
 */
public final class NodeRuntime extends VerticleBase {
    private static final System.Logger LOG = System.getLogger(NodeRuntime.class.getName());

    private final LoadedNode node;
    private final EventStream events;
    private final CausalClock causalClock;
    private final Outbox outbox = new Outbox();
    private final PacketCodec codec;
    private final ReplayWindow replayWindow = new ReplayWindow();
    private final PacketRejections rejections;
    private final CounterFile ringSequenceFile;
    private final NodeClock clock;
    /** Real monotonic time: injected delays are real delays, whatever the node's clock offset. */
    private final OutgoingDelay outgoingDelay = new OutgoingDelay(new OutgoingDelay.Scheduler() {
        @Override
        public long nowMs() {
            return System.nanoTime() / 1_000_000;
        }

        @Override
        public void schedule(long delayMs, Runnable action) {
            vertx.setTimer(delayMs, id -> action.run());
        }
    });
    private final InjectedFaults faults;
    private NodeCore core;
    private DatagramSocket socket;
    private Map<Integer, HostPort> peerAddresses = new HashMap<>();
    private long packetSeq;
    private long timerId = -1;
    private long timerDeadline = Long.MAX_VALUE;
    private volatile boolean stopping;
    private final io.vertx.core.Promise<Void> removed = io.vertx.core.Promise.promise();

    private final ConfigLogStore configLog;
    private final DiskGate diskGate = new DiskGate();
    private final Map<Long, Promise<Outcome>> requests = new HashMap<>();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final ConfigDbSettings configSettings;
    private WorkerExecutor disk;
    private StreamLink link;
    private long nextRequestId;
    private volatile boolean diskFailed;

    /** @param clock the clock the cores, event stamps and hybrid clock read (faults may step it) */
    public NodeRuntime(LoadedNode node, EventStream events, ConfigLogStore configLog, ConfigDbSettings configSettings,
                       NodeClock clock) {
        this.node = node;
        this.events = events;
        this.clock = clock;
        this.causalClock = new CausalClock() {
            @Override
            public long stamp() {
                return events.stampOutgoing(clock.wallMs());
            }

            @Override
            public void observe(long remoteHlc) {
                if (remoteHlc > 0) {
                    events.observe(remoteHlc, clock.wallMs());
                }
            }
        };
        this.faults = new InjectedFaults(clock, outgoingDelay, this::record);
        this.configLog = configLog;
        this.configSettings = configSettings;
        this.codec = new PacketCodec(node.authkey());
        this.ringSequenceFile = new CounterFile(node.files().ringSequence());
        this.rejections = new PacketRejections(this::record);
    }

    @Override
    public Future<?> start() {
        ClusterSpec spec = node.spec();
        try {
            core = new NodeCore(node.nodeId(), spec, node.ringSequence(), new Random(), node.parser(), configLog.stored(),
                    configSettings);
        } catch (IOException e) {
            return Future.failedFuture(new IOException(node.files().configLog() + ": the stored config log does not load: "
                    + e.getMessage(), e));
        }
        configLog.repairs().forEach(repair -> LOG.log(System.Logger.Level.WARNING, "config log repaired at start: " + repair));
        disk = vertx.createSharedWorkerExecutor("quorate-configdb-disk-" + node.nodeName(), 1);
        peerAddresses = node.addresses(spec);
        HostPort own = peerAddresses.get(node.nodeId());
        socket = vertx.createDatagramSocket(new DatagramSocketOptions().setReceiveBufferSize(1 << 20));
        socket.handler(this::onDatagram);
        link = new StreamLink(vertx, node.nodeId(), node.incarnation(), node.authkey(), rejections::reject,
                (from, message) -> step(now -> core.receive(from, message, now, outbox)));
        link.useClock(causalClock);
        link.updatePeers(peerAddresses);
        return socket.listen(own.port(), own.host()).compose(bound -> link.listen(own)).onSuccess(bound -> {
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
        Future<?> udp = socket == null ? Future.succeededFuture() : socket.close();
        Future<?> tcp = link == null ? Future.succeededFuture() : link.close();
        return Future.join(udp, tcp).eventually(() -> disk == null ? Future.succeededFuture() : disk.close());
    }

    /**
     * Runs a client request against the core on its event loop; completes with its outcome (on the
     * core's loop) once the outcome is durable. {@code action} gets the request id and the time.
     */
    public Future<Outcome> request(ClientRequest action) {
        Promise<Outcome> promise = Promise.promise();
        context.runOnContext(v -> {
            if (diskFailed) {
                promise.fail("the config log cannot be written; this node stops");
                return;
            }
            long id = ++nextRequestId;
            requests.put(id, promise);
            step(now -> action.run(core, id, now, outbox));
        });
        return promise.future();
    }

    /** A client request: call the core with the request id; its outcome comes back through the outbox. */
    @FunctionalInterface
    public interface ClientRequest {
        void run(NodeCore core, long requestId, long now, Outbox out);
    }

    /** Sees every event this node records, on the core's event loop (watches, tests). */
    public Runnable addEventListener(Consumer<Event> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
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

    /** Records an event of this node's services outside the core (HA); call on the core's event loop. */
    public void recordEvent(EventData data) {
        record(data);
    }

    /** Runs {@code action} on the core's event loop after {@code delayMs}. */
    public void later(long delayMs, Runnable action) {
        vertx.setTimer(delayMs, id -> context.runOnContext(v -> action.run()));
    }

    /** The core's current time (ms on its monotonic clock), for reads done on the core's loop. */
    public long coreTime() {
        return now();
    }

    private long now() {
        return clock.monotonicMs();
    }

    /** The clock this node's services read (cores, event stamps, status times). */
    public NodeClock clock() {
        return clock;
    }

    /** The faults injected now; readable from any thread. */
    public NodeFaults faults() {
        return faults.current();
    }

    /**
     * Puts {@code next} in force on the core's loop (an inactive setting clears what is there) and
     * records the change; completes with what is then in force.
     */
    public Future<NodeFaults> injectFaults(NodeFaults next) {
        Promise<NodeFaults> done = Promise.promise();
        context.runOnContext(v -> {
            faults.apply(next);
            done.complete(faults.current());
        });
        return done.future();
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
        if (packet.message() instanceof ClusterMessage.Replication) {
            rejections.reject(source, RejectReason.MALFORMED, "config-log messages travel over the stream link, not UDP");
            return;
        }
        causalClock.observe(packet.hlc());
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
                if (!StepOutput.isStorage(effect)) {
                    carryOut(effect);
                }
            }
            StepOutput output = StepOutput.takeFrom(outbox);
            if (diskGate.offer(output)) {
                release(output);
            } else {
                startSyncIfIdle();
            }
        } finally {
            outbox.clear();
            if (!stopping) {
                armTimer();
            }
        }
    }

    private void release(StepOutput output) {
        for (Outbox.Outgoing message : output.messages()) {
            if (message.to() == Outbox.ALL_PEERS) {
                peerAddresses.keySet().stream().filter(id -> id != node.nodeId()).forEach(id -> send(id, message.message()));
            } else {
                send(message.to(), message.message());
            }
        }
        for (Reply reply : output.replies()) {
            Promise<Outcome> promise = requests.remove(reply.requestId());
            if (promise != null) {
                promise.complete(reply.outcome());
            }
        }
    }

    /** Group commit: one fsync for every step queued since the last one started. */
    private void startSyncIfIdle() {
        if (!diskGate.readyToSync() || diskFailed) {
            return;
        }
        List<StepOutput> batch = diskGate.beginSync();
        disk.executeBlocking(() -> configLog.write(batch), true).onComplete(result -> {
            if (result.failed()) {
                // a node that cannot keep its log must not answer as if it had: stop it
                diskFailed = true;
                LOG.log(System.Logger.Level.ERROR, "cannot write the config log in " + node.files().configLog() + ": "
                        + result.cause().getMessage() + "; stopping");
                requests.values().forEach(p -> p.tryFail("the config log cannot be written"));
                requests.clear();
                removed.tryComplete();
                return;
            }
            for (StepOutput done : diskGate.endSync()) {
                release(done);
            }
            LogEntry last = result.result();
            if (last != null) {
                step(now -> core.logDurable(last.index(), last.term(), now, outbox));
            }
            startSyncIfIdle();
        });
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
            link.useClock(causalClock);
            link.updatePeers(peerAddresses);
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
        if (message instanceof ClusterMessage.Replication) {
            outgoingDelay.frame(to, () -> link.send(to, message));
            return;
        }
        HostPort address = peerAddresses.get(to);
        if (address == null) {
            return;
        }
        byte[] bytes;
        try {
            bytes = codec.encode(new Packet(node.nodeId(), node.incarnation(), ++packetSeq, message, causalClock.stamp()));
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "not sending " + message.getClass().getSimpleName() + " to node " + to + ": " + e.getMessage());
            return;
        }
        Buffer datagram = Buffer.buffer(bytes);
        // encoded now, so a delayed datagram is what a slow network would deliver: stamped and numbered when sent
        outgoingDelay.datagram(() -> socket.send(datagram, address.port(), address.host()));
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
        // empty: a heartbeat sample the spool had no room for (state events are always kept)
        Event event = events.emit(data, clock.wallMs()).orElse(null);
        if (data instanceof io.quorate.events.ConfigEvent.UnsafeWrite unsafe) {
            LOG.log(System.Logger.Level.WARNING, "UNSAFE write of " + unsafe.path() + " on this node only (quorate by an"
                    + " override, no majority of the voters); it is not replicated and will be reported on rejoin");
        } else if (data instanceof io.quorate.events.ConfigEvent.Diverged diverged) {
            LOG.log(System.Logger.Level.WARNING, "back with a majority at version " + diverged.clusterVersion()
                    + ": writes made in unsafe mode (" + String.join(", ", diverged.paths()) + ") were not replicated;"
                    + " they are kept in " + diverged.keptIn() + " and the cluster's content is in force");
        }
        if (event != null) {
            for (Consumer<Event> listener : listeners) {
                listener.accept(event);
            }
        }
    }
}
