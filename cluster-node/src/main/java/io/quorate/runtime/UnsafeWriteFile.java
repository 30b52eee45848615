package io.quorate.runtime;

import io.quorate.configdb.ConfigDb;
import io.quorate.configdb.UnsafeWrite;
import io.quorate.protocol.Blob;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Unsafe-mode writes kept beside the config log ({@code unsafe-writes.jsonl}, one JSON object per
 * line), so they survive a crash until the node rejoins; then the file is renamed to
 * {@code diverged-at-<version>.jsonl} for the administrator.
 */
final class UnsafeWriteFile {
    static final String NAME = "unsafe-writes.jsonl";

    private final Path file;
    private FileChannel channel;

    UnsafeWriteFile(Path logDir) {
        this.file = logDir.resolve(NAME);
    }

    /** What a crash left; a line that does not parse is an error naming the file and line. */
    List<UnsafeWrite> load() throws InvalidNodeDirectoryException, IOException {
        List<UnsafeWrite> writes = new ArrayList<>();
        if (!Files.exists(file)) {
            return writes;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                JsonObject line = new JsonObject(lines.get(i));
                String content = line.getString("content_base64");
                writes.add(new UnsafeWrite(line.getString("path"), content == null ? null : Blob.wrap(Base64.getDecoder().decode(content)),
                        line.getLong("based_on_version")));
            } catch (DecodeException | ClassCastException | IllegalArgumentException | NullPointerException e) {
                if (i == lines.size() - 1) {
                    break; // a line torn by a crash before its write was acknowledged
                }
                throw new InvalidNodeDirectoryException(file + ": line " + (i + 1) + " is not an unsafe-mode write record");
            }
        }
        return writes;
    }

    /** Appends a record; durable after {@link #sync()}. */
    void append(UnsafeWrite write) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        JsonObject line = new JsonObject().put("path", write.path()).put("based_on_version", write.basedOnVersion())
                .put("content_base64", write.removed() ? null : Base64.getEncoder().encodeToString(write.content().unsafeArray()));
        ByteBuffer bytes = ByteBuffer.wrap((line.encode() + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    void sync() throws IOException {
        if (channel != null) {
            channel.force(false);
        }
    }

    /** Moves the records aside after a rejoin at {@code clusterVersion}. */
    void archive(long clusterVersion) throws IOException {
        close();
        if (Files.exists(file)) {
            Files.move(file, file.resolveSibling(ConfigDb.divergedFileName(clusterVersion)), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
