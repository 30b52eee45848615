package io.quorate.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One named field of the wire format: how its value is laid out, bound to its {@link WireRules}
 * rule. The same rule guards both directions, so the encoder refuses exactly what the decoder would
 * reject ({@link IllegalArgumentException} for our own bug, {@link MalformedPacketException} for a
 * peer's), and every accepted packet re-encodes to the very same bytes.
 */
final class WireField<T> {

    @FunctionalInterface
    interface LongRule {
        Optional<String> violation(long value);
    }

    @FunctionalInterface
    private interface Layout<T> {
        void put(WireWriter out, String label, T value);
    }

    @FunctionalInterface
    private interface Parse<T> {
        T get(WireReader in, String label) throws MalformedPacketException;
    }

    @FunctionalInterface
    private interface Rule<T> {
        Optional<String> violation(T value);
    }

    private static final Rule<Object> ANY = value -> Optional.empty();

    private final String label;
    private final Layout<T> layout;
    private final Parse<T> parse;
    private final Rule<? super T> rule;

    private WireField(String name, Layout<T> layout, Parse<T> parse, Rule<? super T> rule) {
        this.label = "field " + name;
        this.layout = layout;
        this.parse = parse;
        this.rule = rule;
    }

    /** A signed 64-bit value where every value is legal (e.g. a reading of the sender's clock). */
    static WireField<Long> int64(String name) {
        return new WireField<Long>(name, (out, label, value) -> out.int64(value), WireReader::int64, ANY);
    }

    static WireField<Long> int64(String name, LongRule rule) {
        return new WireField<Long>(name, (out, label, value) -> out.int64(value), WireReader::int64, rule::violation);
    }

    static WireField<Integer> int32(String name, LongRule rule) {
        return new WireField<Integer>(name, (out, label, value) -> out.int32(value), WireReader::int32, rule::violation);
    }

    /** int32 representative + int64 sequence. */
    static WireField<RingId> ringId(String name) {
        return new WireField<>(name, (out, label, ring) -> {
            out.int32(ring.representative());
            out.int64(ring.sequence());
        }, (in, label) -> {
            int representative = in.int32(label);
            long sequence = in.int64(label);
            // checked before construction: RingId's constructor throws on a negative sequence
            Optional<String> problem = WireRules.ring(representative, sequence);
            if (problem.isPresent()) {
                throw new MalformedPacketException(label + ": " + problem.get());
            }
            return new RingId(representative, sequence);
        }, ring -> WireRules.ring(ring.representative(), ring.sequence()));
    }

    /** int32 length + that many int32 node ids. */
    static WireField<List<Integer>> nodeIds(String name) {
        return new WireField<>(name, (out, label, ids) -> {
            out.int32(ids.size());
            ids.forEach(out::int32);
        }, (in, label) -> {
            int length = in.length(label, Integer.BYTES);
            List<Integer> ids = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                ids.add(in.int32(label));
            }
            return List.copyOf(ids);
        }, WireRules::nodeIds);
    }

    /** int32 byte length + UTF-8, strict both ways: no lone surrogates out, no malformed bytes in. */
    static WireField<String> utf8(String name) {
        return new WireField<>(name, (out, label, text) -> {
            byte[] bytes = encodeStrictly(label, text);
            out.int32(bytes.length);
            out.bytes(bytes);
        }, (in, label) -> decodeStrictly(label, in.slice(label, in.length(label, 1))), ANY);
    }

    static WireField<Boolean> bool(String name) {
        return new WireField<Boolean>(name, (out, label, value) -> out.int8(value ? 1 : 0), (in, label) -> {
            int value = in.uint8(label);
            if (value > 1) {
                throw new MalformedPacketException(label + ": a flag must be 0 or 1, got " + value);
            }
            return value == 1;
        }, ANY);
    }

    /** int32 length + that many bytes. */
    static WireField<Blob> blob(String name) {
        return new WireField<Blob>(name, (out, label, blob) -> {
            out.int32(blob.size());
            out.bytes(blob.unsafeArray());
        }, (in, label) -> {
            java.nio.ByteBuffer slice = in.slice(label, in.length(label, 1));
            byte[] bytes = new byte[slice.remaining()];
            slice.get(bytes);
            return Blob.wrap(bytes);
        }, ANY);
    }

    /** int32 count + entries (term int64, index int64, command blob), indexes consecutive. */
    static WireField<List<LogEntry>> logEntries(String name) {
        WireField<Blob> command = blob(name + ".command");
        return new WireField<List<LogEntry>>(name, (out, label, entries) -> {
            out.int32(entries.size());
            for (LogEntry entry : entries) {
                out.int64(entry.term());
                out.int64(entry.index());
                command.write(out, entry.command());
            }
        }, (in, label) -> {
            // each entry takes at least 20 bytes: term, index and the command's length
            int count = in.length(label, 2 * Long.BYTES + Integer.BYTES);
            List<LogEntry> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long term = in.int64(label);
                long index = in.int64(label);
                if (term < 0 || index <= 0) {
                    throw new MalformedPacketException(label + ": entry " + i + " has term " + term + " index " + index
                            + " (needs term >= 0, index > 0)");
                }
                entries.add(new LogEntry(term, index, command.read(in)));
            }
            return List.copyOf(entries);
        }, WireRules::consecutiveEntries);
    }

    void write(WireWriter out, T value) {
        Objects.requireNonNull(value, label);
        rule.violation(value).ifPresent(problem -> {
            throw new IllegalArgumentException(label + ": " + problem);
        });
        layout.put(out, label, value);
    }

    T read(WireReader in) throws MalformedPacketException {
        T value = parse.get(in, label);
        Optional<String> problem = rule.violation(value);
        if (problem.isPresent()) {
            throw new MalformedPacketException(label + ": " + problem.get());
        }
        return value;
    }

    private static byte[] encodeStrictly(String label, String text) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(label + ": not valid Unicode (unpaired surrogate?)", e);
        }
    }

    private static String decodeStrictly(String label, ByteBuffer bytes) throws MalformedPacketException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedPacketException(label + ": invalid UTF-8");
        }
    }
}
