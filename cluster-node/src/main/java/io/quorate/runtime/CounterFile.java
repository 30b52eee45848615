package io.quorate.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A single non-negative number kept in a small file (the node's incarnation, its highest ring
 * sequence). Replaced atomically and durably (write temp, fsync, rename, fsync the directory), so a
 * kill or a power cut at any moment leaves the old or the new value, never a torn one.
 */
public final class CounterFile {
    private final Path file;

    public CounterFile(Path file) {
        this.file = file;
    }

    public long read() throws InvalidNodeDirectoryException, IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidNodeDirectoryException(file + ": expected a non-negative number, got '" + text + "'");
        }
    }

    public void write(long value) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(true); // a power cut must not bring back an older ring sequence or incarnation
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true); // and the rename itself must survive it
        }
    }
}
