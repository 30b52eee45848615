package io.quorate.protocol;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds datagrams byte by byte, independently of {@link PacketCodec}, with any header values and
 * a correct HMAC: the tests use it to pin the documented layout and to hand the body parser hostile
 * input that has already passed authentication.
 */
record RawPacket(byte[] magic, int version, int tag, int sender, long incarnation, long packetSeq, long hlc,
                 int bodyLengthField, byte[] body) {

    static RawPacket of(int tag, byte[] body) {
        return new RawPacket(new byte[] {'Q', 'R'}, 2, tag, 7, 3, 42, 0, body.length, body);
    }

    RawPacket withHlc(long newHlc) {
        return new RawPacket(magic, version, tag, sender, incarnation, packetSeq, newHlc, bodyLengthField, body);
    }

    RawPacket withVersion(int newVersion) {
        return new RawPacket(magic, newVersion, tag, sender, incarnation, packetSeq, hlc, bodyLengthField, body);
    }

    RawPacket withSender(int newSender) {
        return new RawPacket(magic, version, tag, newSender, incarnation, packetSeq, hlc, bodyLengthField, body);
    }

    RawPacket withIncarnation(long newIncarnation) {
        return new RawPacket(magic, version, tag, sender, newIncarnation, packetSeq, hlc, bodyLengthField, body);
    }

    RawPacket withPacketSeq(long newPacketSeq) {
        return new RawPacket(magic, version, tag, sender, incarnation, newPacketSeq, hlc, bodyLengthField, body);
    }

    RawPacket withBodyLengthField(int newBodyLengthField) {
        return new RawPacket(magic, version, tag, sender, incarnation, packetSeq, hlc, newBodyLengthField, body);
    }

    /** The datagram, signed with HMAC-SHA256 under {@code key} over every byte before the MAC. */
    byte[] signedWith(byte[] key) {
        ByteBuffer signed = ByteBuffer.allocate(36 + body.length)
                .put(magic, 0, 2)
                .put((byte) version)
                .put((byte) tag)
                .putInt(sender)
                .putLong(incarnation)
                .putLong(packetSeq)
                .putLong(hlc)
                .putInt(bodyLengthField)
                .put(body);
        byte[] mac = hmacSha256(key, signed.array());
        return ByteBuffer.allocate(signed.capacity() + mac.length).put(signed.array()).put(mac).array();
    }

    static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** Big-endian body builder for hand-made bodies. */
    static final class Body {
        private final ByteBuffer buffer = ByteBuffer.allocate(4096);

        Body i32(int value) {
            buffer.putInt(value);
            return this;
        }

        Body i64(long value) {
            buffer.putLong(value);
            return this;
        }

        Body bytes(byte... value) {
            buffer.put(value);
            return this;
        }

        byte[] build() {
            byte[] out = new byte[buffer.position()];
            buffer.flip().get(out);
            return out;
        }
    }
}
