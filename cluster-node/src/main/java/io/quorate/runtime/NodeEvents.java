package io.quorate.runtime;

import io.quorate.events.EventStream;
import io.quorate.events.HybridClock;
import io.quorate.events.JsonLinesEventLog;
import io.quorate.events.kafka.KafkaSettings;
import io.quorate.events.kafka.SpoolPublisher;
import io.quorate.events.spool.Spool;
import java.io.IOException;
import java.util.Optional;

/**
 * Where a node's events go: stamped by one {@link EventStream} (seq, wall time, hybrid clock) into
 * the node's spool ({@code <dir>/spool/}, fsynced in groups), mirrored to {@code events.jsonl} for
 * people and tests on the machine, and published from the spool to Kafka when a broker is named.
 * Spool first: a node without Kafka, or killed, loses nothing it emitted; the publisher resumes from
 * the last record the broker confirmed.
 */
public final class NodeEvents implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NodeEvents.class.getName());

    private final Spool spool;
    private final JsonLinesEventLog mirror;
    private final EventStream stream;
    private final SpoolPublisher publisher;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private NodeEvents(Spool spool, JsonLinesEventLog mirror, EventStream stream, SpoolPublisher publisher) {
        this.spool = spool;
        this.mirror = mirror;
        this.stream = stream;
        this.publisher = publisher;
    }

    /** Opens the spool (reporting damage it recovered from) and, with {@code kafka}, starts publishing to {@code topic}. */
    public static NodeEvents open(LoadedNode node, Optional<KafkaSettings> kafka, String topic) throws IOException {
        Spool spool = Spool.open(node.files().spool());
        spool.recoveryDamage().forEach(damage -> LOG.log(System.Logger.Level.WARNING,
                "event spool damaged, valid records kept: " + damage));
        JsonLinesEventLog mirror;
        try {
            mirror = new JsonLinesEventLog(node.files().events());
        } catch (IOException e) {
            spool.close();
            throw e;
        }
        EventStream stream = new EventStream(node.spec().clusterName(), node.nodeName(), node.incarnation(), spool,
                new HybridClock(), mirror);
        // the damage goes into the stream too, so whoever reads the topic learns of it
        spool.recoveryDamage().forEach(damage -> stream.emit(new io.quorate.events.SpoolEvent.Damaged(damage.file().toString(),
                damage.offset(), damage.length(), damage.kind().name()), System.currentTimeMillis()));
        SpoolPublisher publisher = kafka.map(settings -> new SpoolPublisher(spool, settings, topic).start()).orElse(null);
        return new NodeEvents(spool, mirror, stream, publisher);
    }

    public EventStream stream() {
        return stream;
    }

    public Spool spool() {
        return spool;
    }

    public Optional<SpoolPublisher> publisher() {
        return Optional.ofNullable(publisher);
    }

    /** Reports pending drops, stops publishing (what is unconfirmed stays spooled), then closes the spool and mirror. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stream.close();
        if (publisher != null) {
            publisher.close();
        }
        spool.close();
        mirror.close();
    }
}
