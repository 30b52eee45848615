package io.quorate.configdb.storage;

import io.quorate.protocol.Blob;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Writes and reads snapshot files, {@code snapshot-<lastIndex, 20 digits>.snap}:
 *
 * <pre>
 * int32 magic "QSNP" | int32 version 1 | int64 lastIndex | int64 lastTerm | int32 length | state bytes | int32 CRC32C of all before it
 * </pre>
 */
final class SnapshotFile {
    static final int MAGIC = 0x51534E50; // "QSNP"
    static final int VERSION = 1;
    static final int HEADER_BYTES = 28;
    static final int TRAILER_BYTES = 4;

    private SnapshotFile() {
    }

    /** Durable on return: written to a temporary file, fsynced, renamed into place, directory fsynced. */
    static Path write(Path dir, Snapshot snapshot) throws IOException {
        byte[] state = snapshot.state().unsafeArray();
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(VERSION)
                .putLong(snapshot.lastIndex()).putLong(snapshot.lastTerm()).putInt(state.length).flip();
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, HEADER_BYTES);
        crc.update(state, 0, state.length);
        ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES).putInt((int) crc.getValue()).flip();

        Path target = dir.resolve(LogDirectory.snapshotName(snapshot.lastIndex()));
        Path temp = dir.resolve(target.getFileName() + LogDirectory.TEMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer[] parts = {header, ByteBuffer.wrap(state), trailer};
            while (trailer.hasRemaining()) {
                channel.write(parts);
            }
            channel.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        LogDirectory.fsync(dir);
        return target;
    }

    /** Reads and checks a snapshot file; any damage is a {@link CorruptLogException} naming file and offset. */
    static Snapshot read(Path file) throws IOException, CorruptLogException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < HEADER_BYTES + TRAILER_BYTES) {
            throw new CorruptLogException(file, bytes.length, "file of " + bytes.length + " bytes is shorter than the "
                    + (HEADER_BYTES + TRAILER_BYTES) + " bytes of header and checksum");
        }
        ByteBuffer view = ByteBuffer.wrap(bytes);
        if (view.getInt(0) != MAGIC) {
            throw new CorruptLogException(file, 0, String.format("bad magic 0x%08x (expected 0x%08x \"QSNP\"): not a snapshot",
                    view.getInt(0), MAGIC));
        }
        if (view.getInt(4) != VERSION) {
            throw new CorruptLogException(file, 4, "unsupported format version " + view.getInt(4) + " (this build reads " + VERSION + ")");
        }
        long lastIndex = view.getLong(8);
        long lastTerm = view.getLong(16);
        int length = view.getInt(24);
        if (lastIndex != LogDirectory.snapshotIndex(file)) {
            throw new CorruptLogException(file, 8, "header says lastIndex " + lastIndex + " but the file name says "
                    + LogDirectory.snapshotIndex(file));
        }
        if (length < 0 || (long) HEADER_BYTES + length + TRAILER_BYTES != bytes.length) {
            throw new CorruptLogException(file, 24, "header says " + length + " state bytes but the file has room for "
                    + (bytes.length - HEADER_BYTES - TRAILER_BYTES));
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, HEADER_BYTES + length);
        int stored = view.getInt(HEADER_BYTES + length);
        if (stored != (int) crc.getValue()) {
            throw new CorruptLogException(file, HEADER_BYTES + length, String.format("CRC32C mismatch (stored %08x, computed %08x)",
                    stored, (int) crc.getValue()));
        }
        if (lastIndex < 1 || lastTerm < 0) {
            throw new CorruptLogException(file, 8, "lastIndex " + lastIndex + " / lastTerm " + lastTerm + " out of range");
        }
        return new Snapshot(lastIndex, lastTerm, Blob.wrap(Arrays.copyOfRange(bytes, HEADER_BYTES, HEADER_BYTES + length)));
    }
}
