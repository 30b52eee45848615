package io.quorate.runtime;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;

/** Secret files (authkey): created owner-only (0600) before any byte is written. */
public final class Secrets {
    /** corosync-keygen writes 128 random bytes; so do we. */
    public static final int AUTHKEY_BYTES = 128;

    private Secrets() {
    }

    public static byte[] newAuthkey() {
        byte[] key = new byte[AUTHKEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    public static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        Files.deleteIfExists(file);
        try (SeekableByteChannel channel = Files.newByteChannel(file,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            channel.write(java.nio.ByteBuffer.wrap(content));
        }
    }
}
