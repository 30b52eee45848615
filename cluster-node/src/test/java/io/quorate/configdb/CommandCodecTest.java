package io.quorate.configdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quorate.protocol.Blob;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CommandCodecTest {
    private static final Origin ORIGIN = new Origin(3, 0x1234_5678_9ABC_DEF0L, 42);

    /** One of every command type, with edge values in the fields. */
    static List<Command> samples() {
        byte[] binary = new byte[300];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        return List.of(
                new Command.Write(ORIGIN, "corosync.conf", Blob.wrap("totem {\n}\n".getBytes(StandardCharsets.UTF_8)), Guard.NONE),
                new Command.Write(ORIGIN, "ha/manager_status", Blob.wrap(binary), new Guard("ha_manager_lock", 17)),
                new Command.Write(ORIGIN, "nodes/knoten-ü/qemu-server/101.conf", Blob.EMPTY, Guard.NONE),
                new Command.Write(new Origin(-1, Long.MIN_VALUE, Long.MAX_VALUE), "emoji/\uD83D\uDE00", Blob.EMPTY,
                        new Guard("x", Long.MAX_VALUE)),
                new Command.Remove(ORIGIN, "ha/resources.cfg", Guard.NONE),
                new Command.Remove(ORIGIN, "ha/resources.cfg", new Guard("ha_agent_n1_lock", 5)),
                new Command.LockAcquire(ORIGIN, "ha_manager_lock", 0),
                new Command.LockAcquire(ORIGIN, "ha_agent_n1_lock", 123_456_789_012L),
                new Command.LockRenew(ORIGIN, "ha_manager_lock", 7),
                new Command.LockRelease(ORIGIN, "ha_manager_lock", 7),
                new Command.Noop(Origin.SYSTEM),
                new Command.Noop(ORIGIN));
    }

    @Test
    void everyCommandTypeRoundTrips() throws Exception {
        for (Command command : samples()) {
            Blob encoded = CommandCodec.encode(command);
            assertEquals(CommandCodec.FORMAT, encoded.unsafeArray()[0], "format byte first");
            Command decoded = CommandCodec.decode(encoded);
            assertEquals(command, decoded, command.operation());
            assertEquals(encoded, CommandCodec.encode(decoded), "re-encoding gives the same bytes");
        }
    }

    @Test
    void everyTypeIsCovered() {
        assertEquals(6, samples().stream().map(Command::getClass).distinct().count(),
                "a new command type needs a sample here");
    }

    @Test
    void unknownFormatIsRejectedByName() {
        byte[] bytes = CommandCodec.encode(new Command.Noop(ORIGIN)).toArray();
        bytes[0] = 2;
        var e = assertThrows(CommandCodec.InvalidCommandException.class, () -> CommandCodec.decode(Blob.wrap(bytes)));
        assertTrue(e.getMessage().contains("format 2"), e.getMessage());
    }

    @Test
    void unknownTagIsRejectedByName() {
        byte[] bytes = CommandCodec.encode(new Command.Noop(ORIGIN)).toArray();
        bytes[1] = 99;
        var e = assertThrows(CommandCodec.InvalidCommandException.class, () -> CommandCodec.decode(Blob.wrap(bytes)));
        assertTrue(e.getMessage().contains("unknown command tag 99"), e.getMessage());
    }

    @Test
    void emptyInputIsTruncated() {
        var e = assertThrows(CommandCodec.InvalidCommandException.class, () -> CommandCodec.decode(Blob.EMPTY));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void everyTruncationOfEveryCommandIsRejected() {
        int cases = 0;
        for (Command command : samples()) {
            byte[] bytes = CommandCodec.encode(command).toArray();
            for (int length = 0; length < bytes.length; length++) {
                byte[] cut = Arrays.copyOf(bytes, length);
                var e = assertThrows(CommandCodec.InvalidCommandException.class, () -> CommandCodec.decode(Blob.wrap(cut)),
                        command.operation() + " cut to " + length + " bytes");
                assertNotNull(e.getMessage());
                cases++;
            }
        }
        assertTrue(cases > 500, "covered " + cases + " truncations");
    }

    @Test
    void trailingBytesAreRejected() {
        for (Command command : samples()) {
            byte[] bytes = Arrays.copyOf(CommandCodec.encode(command).toArray(), CommandCodec.encode(command).size() + 1);
            var e = assertThrows(CommandCodec.InvalidCommandException.class, () -> CommandCodec.decode(Blob.wrap(bytes)));
            assertTrue(e.getMessage().contains("trailing"), e.getMessage());
        }
    }

    @Test
    void hugeLengthFieldsAreRejectedWithoutAllocating() {
        // a write whose path length claims 2 GiB
        byte[] bytes = CommandCodec.encode(new Command.Write(ORIGIN, "a", Blob.EMPTY, Guard.NONE)).toArray();
        int pathLength = 1 + 1 + 4 + 8 + 8;
        bytes[pathLength] = 0x7f;
        var e = assertThrows(CommandCodec.InvalidCommandException.class, () -> CommandCodec.decode(Blob.wrap(bytes)));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
    }

    /** Random bytes, with a valid header now and then so the decoder gets past the first checks. */
    @Test
    void randomGarbageOnlyEverFailsAsInvalidCommand() {
        Random random = new Random(20_240_601L);
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = new byte[random.nextInt(80)];
            random.nextBytes(bytes);
            if (bytes.length > 2 && random.nextBoolean()) {
                bytes[0] = CommandCodec.FORMAT;
                bytes[1] = (byte) (1 + random.nextInt(6));
            }
            decodeNeverThrowsOtherwise(bytes, "garbage case " + i);
        }
    }

    /** Valid encodings with bytes flipped, cut, inserted or appended. */
    @Test
    void mutatedEncodingsOnlyEverFailAsInvalidCommand() {
        Random random = new Random(77L);
        List<Command> samples = samples();
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = CommandCodec.encode(samples.get(random.nextInt(samples.size()))).toArray();
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                bytes = mutate(bytes, random);
            }
            decodeNeverThrowsOtherwise(bytes, "mutation case " + i);
        }
    }

    private static byte[] mutate(byte[] bytes, Random random) {
        if (bytes.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(bytes.length);
        switch (random.nextInt(5)) {
            case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> bytes[at] = (byte) random.nextInt(256);
            case 2 -> {
                return Arrays.copyOf(bytes, at);
            }
            case 3 -> {
                byte[] longer = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, longer, 0, at);
                longer[at] = (byte) random.nextInt(256);
                System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                return longer;
            }
            default -> {
                // a length field set to something large or negative
                if (at + 4 <= bytes.length) {
                    int value = random.nextBoolean() ? -1 - random.nextInt(1000) : Integer.MAX_VALUE - random.nextInt(1000);
                    bytes[at] = (byte) (value >>> 24);
                    bytes[at + 1] = (byte) (value >>> 16);
                    bytes[at + 2] = (byte) (value >>> 8);
                    bytes[at + 3] = (byte) value;
                }
            }
        }
        return bytes;
    }

    private static void decodeNeverThrowsOtherwise(byte[] bytes, String label) {
        try {
            Command command = CommandCodec.decode(Blob.wrap(bytes));
            assertNotNull(command, label);
            assertNotNull(command.path(), label);
            assertNotNull(command.origin(), label);
        } catch (CommandCodec.InvalidCommandException e) {
            assertNotNull(e.getMessage(), label);
        } catch (Throwable t) {
            fail(label + ": decode threw " + t + " for " + Blob.of(bytes).preview(128), t);
        }
    }

    @org.junit.jupiter.api.Test
    void aWriteIsRecognisedByItsPathWithoutDecoding() {
        io.quorate.protocol.Blob write = CommandCodec.encode(new Command.Write(new Origin(1, 2, 3), "corosync.conf",
                io.quorate.protocol.Blob.wrap(new byte[] {1, 2}), Guard.NONE));
        org.junit.jupiter.api.Assertions.assertTrue(CommandCodec.isWriteOf(write, "corosync.conf"));
        org.junit.jupiter.api.Assertions.assertFalse(CommandCodec.isWriteOf(write, "corosync.con"));
        org.junit.jupiter.api.Assertions.assertFalse(CommandCodec.isWriteOf(CommandCodec.encode(new Command.Remove(new Origin(1, 2, 4),
                "corosync.conf", Guard.NONE)), "corosync.conf"));
        org.junit.jupiter.api.Assertions.assertFalse(CommandCodec.isWriteOf(io.quorate.protocol.Blob.wrap(new byte[] {1, 1, 0}),
                "corosync.conf"), "truncated bytes are no write");
    }
}
