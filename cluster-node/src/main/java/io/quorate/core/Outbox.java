package io.quorate.core;

import io.quorate.events.EventData;
import io.quorate.protocol.ClusterMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * What a deterministic core hands back from one step: messages to send and events to record. The
 * driver (Vert.x runtime or simulator) drains it after every step; the core never does I/O itself.
 * Events and effects must be recorded before the messages of the same step are sent.
 */
public final class Outbox {
    /** Destination for {@link #broadcast}: every configured peer except the sender. */
    public static final int ALL_PEERS = 0;

    public record Outgoing(int to, ClusterMessage message) {
    }

    private final List<Outgoing> messages = new ArrayList<>();
    private final List<EventData> events = new ArrayList<>();
    private final List<Effect> effects = new ArrayList<>();
    private final List<Reply> replies = new ArrayList<>();

    public void send(int to, ClusterMessage message) {
        messages.add(new Outgoing(to, message));
    }

    public void broadcast(ClusterMessage message) {
        messages.add(new Outgoing(ALL_PEERS, message));
    }

    public void emit(EventData event) {
        events.add(event);
    }

    public void request(Effect effect) {
        effects.add(effect);
    }

    /** Answers a client request; delivered, like messages, only after the step's effects are durable. */
    public void reply(long requestId, Outcome outcome) {
        replies.add(new Reply(requestId, outcome));
    }

    public List<Reply> replies() {
        return replies;
    }

    public List<Outgoing> messages() {
        return messages;
    }

    public List<EventData> events() {
        return events;
    }

    /** Effects in the order requested; a driver carries them out before sending the messages. */
    public List<Effect> effects() {
        return effects;
    }

    public boolean isEmpty() {
        return messages.isEmpty() && events.isEmpty() && effects.isEmpty() && replies.isEmpty();
    }

    public void clear() {
        messages.clear();
        events.clear();
        effects.clear();
        replies.clear();
    }
}
