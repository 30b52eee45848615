package io.quorate.configdb;

import io.quorate.protocol.Blob;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a {@link Command} in a log entry: a format byte, a command tag, the origin, then
 * the command's fields. Part of the on-disk and wire format: never renumber a tag.
 */
public final class CommandCodec {
    static final int FORMAT = 1;
    private static final int WRITE = 1;
    private static final int REMOVE = 2;
    private static final int LOCK_ACQUIRE = 3;
    private static final int LOCK_RENEW = 4;
    private static final int LOCK_RELEASE = 5;
    private static final int NOOP = 6;

    private CommandCodec() {
    }

    public static Blob encode(Command command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + command.bytes());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeByte(tag(command));
            out.writeInt(command.origin().nodeId());
            out.writeLong(command.origin().session());
            out.writeLong(command.origin().requestId());
            if (command instanceof Command.Write w) {
                text(out, w.path());
                out.writeInt(w.content().size());
                out.write(w.content().unsafeArray());
                guard(out, w.guard());
            } else if (command instanceof Command.Remove r) {
                text(out, r.path());
                guard(out, r.guard());
            } else if (command instanceof Command.LockAcquire a) {
                text(out, a.lock());
                out.writeLong(a.expectedRenewal());
            } else if (command instanceof Command.LockRenew r) {
                text(out, r.lock());
                out.writeLong(r.epoch());
            } else if (command instanceof Command.LockRelease r) {
                text(out, r.lock());
                out.writeLong(r.epoch());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return Blob.wrap(bytes.toByteArray());
    }

    /** @throws InvalidCommandException naming what is wrong; never another exception */
    public static Command decode(Blob blob) throws InvalidCommandException {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(blob.unsafeArray()))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new InvalidCommandException("command format " + format + " is not the supported " + FORMAT);
            }
            int tag = in.readUnsignedByte();
            Origin origin = new Origin(in.readInt(), in.readLong(), in.readLong());
            Command command = switch (tag) {
                case WRITE -> {
                    String path = text(in);
                    int length = in.readInt();
                    if (length < 0 || length > in.available()) {
                        throw new InvalidCommandException("write content length " + length + " exceeds the " + in.available() + " bytes left");
                    }
                    yield new Command.Write(origin, path, Blob.wrap(in.readNBytes(length)), guard(in));
                }
                case REMOVE -> new Command.Remove(origin, text(in), guard(in));
                case LOCK_ACQUIRE -> new Command.LockAcquire(origin, text(in), in.readLong());
                case LOCK_RENEW -> new Command.LockRenew(origin, text(in), in.readLong());
                case LOCK_RELEASE -> new Command.LockRelease(origin, text(in), in.readLong());
                case NOOP -> new Command.Noop(origin);
                default -> throw new InvalidCommandException("unknown command tag " + tag);
            };
            if (in.available() > 0) {
                throw new InvalidCommandException(in.available() + " trailing bytes after a " + command.operation() + " command");
            }
            return command;
        } catch (EOFException e) {
            throw new InvalidCommandException("command is truncated");
        } catch (IOException e) {
            throw new InvalidCommandException("unreadable command: " + e.getMessage());
        }
    }

    /** Whether the bytes are a write of {@code path}, judged from the header alone (no content is copied). */
    static boolean isWriteOf(Blob blob, String path) {
        byte[] bytes = blob.unsafeArray();
        byte[] wanted = path.getBytes(StandardCharsets.UTF_8);
        int at = 2 + Integer.BYTES + 2 * Long.BYTES; // format, tag, origin
        if (bytes.length < at + Integer.BYTES + wanted.length || bytes[0] != FORMAT || bytes[1] != WRITE) {
            return false;
        }
        int length = java.nio.ByteBuffer.wrap(bytes, at, Integer.BYTES).getInt();
        return length == wanted.length && java.util.Arrays.equals(bytes, at + Integer.BYTES, at + Integer.BYTES + length, wanted, 0, length);
    }

    private static int tag(Command command) {
        if (command instanceof Command.Write) {
            return WRITE;
        } else if (command instanceof Command.Remove) {
            return REMOVE;
        } else if (command instanceof Command.LockAcquire) {
            return LOCK_ACQUIRE;
        } else if (command instanceof Command.LockRenew) {
            return LOCK_RENEW;
        } else if (command instanceof Command.LockRelease) {
            return LOCK_RELEASE;
        }
        return NOOP;
    }

    private static void guard(DataOutputStream out, Guard guard) throws IOException {
        text(out, guard.lock());
        out.writeLong(guard.epoch());
    }

    private static Guard guard(DataInputStream in) throws IOException {
        String lock = text(in);
        long epoch = in.readLong();
        return lock.isEmpty() ? Guard.NONE : new Guard(lock, epoch);
    }

    private static void text(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String text(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new InvalidCommandException("text length " + length + " exceeds the " + in.available() + " bytes left");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** A log entry whose bytes are not a command this version understands. */
    public static final class InvalidCommandException extends IOException {
        public InvalidCommandException(String message) {
            super(message);
        }
    }
}
