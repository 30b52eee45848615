package io.quorate.configdb.storage;

import io.quorate.protocol.Blob;
import io.quorate.protocol.LogEntry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Entries with recognisable commands, and the file surgery the recovery tests do. */
final class WalTestSupport {
    /** Bytes of a HARD_STATE record, the first record of every segment. */
    static final int HARD_STATE_RECORD = WalFormat.RECORD_FRAME_BYTES + 1 + WalFormat.HARD_STATE_PAYLOAD_BYTES;

    private WalTestSupport() {
    }

    static LogEntry entry(long term, long index) {
        return new LogEntry(term, index, Blob.wrap(("cmd-" + index + "-t" + term).getBytes(StandardCharsets.UTF_8)));
    }

    /** Entries {@code from..to} of {@code term}. */
    static List<LogEntry> entries(long term, long from, long to) {
        List<LogEntry> entries = new ArrayList<>();
        for (long index = from; index <= to; index++) {
            entries.add(entry(term, index));
        }
        return entries;
    }

    /** Bytes of the ENTRY record of {@code entry}. */
    static int recordBytes(LogEntry entry) {
        return WalFormat.RECORD_FRAME_BYTES + 1 + WalFormat.ENTRY_FIXED_BYTES + entry.command().size();
    }

    static List<Path> segments(Path dir) throws IOException {
        return LogDirectory.list(dir).segments();
    }

    static List<Path> snapshots(Path dir) throws IOException {
        return LogDirectory.list(dir).snapshots();
    }

    static Path lastSegment(Path dir) throws IOException {
        List<Path> segments = segments(dir);
        return segments.get(segments.size() - 1);
    }

    static void cut(Path file, int bytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - bytes);
        }
    }

    static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            raf.write(bytes);
        }
    }

    static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int value = raf.read();
            raf.seek(offset);
            raf.write(value ^ 0x5A);
        }
    }

    static void appendBytes(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, java.nio.file.StandardOpenOption.APPEND);
    }
}
