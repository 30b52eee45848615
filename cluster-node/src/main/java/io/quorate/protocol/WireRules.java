package io.quorate.protocol;

import java.util.List;
import java.util.Optional;

/**
 * Value rules shared by the encoder and the decoder, so a sender refuses to build exactly the
 * packets a receiver would reject. Each returns the violation, or empty when the value is valid.
 */
final class WireRules {
    private WireRules() {
    }

    static Optional<String> nonNegative(long value) {
        return value < 0 ? Optional.of("must not be negative, got " + value) : Optional.empty();
    }

    static Optional<String> positive(long value) {
        return value <= 0 ? Optional.of("must be positive, got " + value) : Optional.empty();
    }

    static Optional<String> nodeId(long value) {
        return value <= 0 ? Optional.of("node id must be positive, got " + value) : Optional.empty();
    }

    /** A ring is minted by a real node (positive representative), except {@link RingId#NONE}. */
    static Optional<String> ring(int representative, long sequence) {
        if (sequence < 0) {
            return Optional.of("ring sequence must not be negative, got " + sequence);
        }
        if (representative < 0 || (representative == 0 && sequence != 0)) {
            return Optional.of("ring representative must be a positive node id (or 0.0 for none), got "
                    + representative + "." + Long.toHexString(sequence));
        }
        return Optional.empty();
    }

    /** Node id lists are sets in ascending order, so equal views encode to equal bytes. */
    static Optional<String> nodeIds(List<Integer> ids) {
        for (int i = 0; i < ids.size(); i++) {
            int id = ids.get(i);
            if (id <= 0) {
                return Optional.of("node id at index " + i + " must be positive, got " + id);
            }
            if (i > 0 && id <= ids.get(i - 1)) {
                return Optional.of("node ids must be strictly ascending, got " + id + " after " + ids.get(i - 1));
            }
        }
        return Optional.empty();
    }

    /** Entries of one message follow each other: index i+1 after i, terms never falling. */
    static Optional<String> consecutiveEntries(List<LogEntry> entries) {
        for (int i = 1; i < entries.size(); i++) {
            LogEntry previous = entries.get(i - 1);
            LogEntry entry = entries.get(i);
            if (entry.index() != previous.index() + 1) {
                return Optional.of("entry indexes must be consecutive, got " + entry.index() + " after " + previous.index());
            }
            if (entry.term() < previous.term()) {
                return Optional.of("entry terms must not fall, got term " + entry.term() + " after " + previous.term());
            }
        }
        return Optional.empty();
    }
}
