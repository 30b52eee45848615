package io.quorate.events.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The acknowledged position, {@code <segment> <offset>} in a small text file, replaced atomically
 * (write a temporary file, fsync, rename over) so a crash leaves either the old or the new value.
 */
final class AckFile {
    static final String NAME = "acked";
    private final Path file;
    private final Path temp;

    AckFile(Path dir) {
        this.file = dir.resolve(NAME);
        this.temp = dir.resolve(NAME + ".tmp");
    }

    Path path() {
        return file;
    }

    /** The stored position, {@link SpoolPosition#START} when none was stored yet. */
    SpoolPosition read() throws IOException, BadAckFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return SpoolPosition.START;
        }
        String[] parts = text.split(" ");
        try {
            if (parts.length == 2) {
                return new SpoolPosition(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new BadAckFileException("'" + text + "' is not '<segment> <offset>'");
    }

    void write(SpoolPosition position) throws IOException {
        byte[] bytes = (position.segment() + " " + position.offset() + "\n").getBytes(StandardCharsets.US_ASCII);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static final class BadAckFileException extends Exception {
        BadAckFileException(String message) {
            super(message);
        }
    }
}
