package io.quorate.tls;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files that only their owner may read (private keys, API tokens).
 *
 * <p>The content goes to a temporary file in the target directory that is <em>created</em> with mode
 * 0600, so the secret is never readable by others, not even for a moment; the temporary file is then
 * renamed over the target, so a reader sees either the old or the new file, never half of one.
 */
public final class OwnerOnlyFiles {

    public static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    /** Atomically replaces {@code target} with {@code content}, mode 0600. Creates missing parent directories. */
    public static void write(Path target, byte[] content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE);
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp", ownerOnly);
        try {
            Files.write(temp, content);
            moveOver(temp, absolute);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void moveOver(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
