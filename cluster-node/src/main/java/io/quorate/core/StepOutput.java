package io.quorate.core;

import io.quorate.protocol.LogEntry;
import java.util.List;

/**
 * What one core step produced that must wait for the disk: its storage effects, and the messages
 * and replies that may leave only once those effects (and every earlier step's) are durable.
 */
public record StepOutput(List<Effect> storage, List<Outbox.Outgoing> messages, List<Reply> replies) {
    public StepOutput {
        storage = List.copyOf(storage);
        messages = List.copyOf(messages);
        replies = List.copyOf(replies);
    }

    /** Takes the storage effects, messages and replies out of an outbox (events and other effects stay). */
    public static StepOutput takeFrom(Outbox out) {
        List<Effect> storage = out.effects().stream().filter(StepOutput::isStorage).toList();
        StepOutput step = new StepOutput(storage, out.messages(), out.replies());
        out.effects().removeIf(StepOutput::isStorage);
        out.messages().clear();
        out.replies().clear();
        return step;
    }

    /** Effects on the config log: written in batches, one fsync for many steps. */
    public static boolean isStorage(Effect effect) {
        return effect instanceof Effect.AppendLog || effect instanceof Effect.PersistTermAndVote
                || effect instanceof Effect.SaveSnapshot || effect instanceof Effect.RecordUnsafeWrite
                || effect instanceof Effect.ArchiveUnsafeWrites;
    }

    /** The last entry this step appended, or null. */
    public LogEntry lastAppended() {
        LogEntry last = null;
        for (Effect effect : storage) {
            if (effect instanceof Effect.AppendLog append && !append.entries().isEmpty()) {
                last = append.entries().get(append.entries().size() - 1);
            }
        }
        return last;
    }
}
