package io.quorate.runtime.link;

import io.quorate.protocol.DecodeResult;
import io.quorate.protocol.Packet;
import io.quorate.protocol.PacketCodec;
import io.quorate.protocol.RejectReason;
import io.quorate.protocol.ReplayWindow;

/**
 * Decides what becomes of a frame that arrived: delivered, dropped, or the end of its connection.
 * Reports every refusal to {@link LinkRejections}. Not thread-safe (the codec is not).
 *
 * <p>In order: the packet must decode (length, magic, version, MAC, body: else the connection
 * closes, as the stream can no longer be trusted); must not claim this node's id (closes); must
 * come from the sender the connection is bound to, if any (closes); and must be fresh for its
 * sender and incarnation (else it is dropped as replayed and the connection stays).
 */
final class InboundCheck {
    enum Action { DELIVER, DROP, CLOSE }

    /** @param packet the authenticated packet when {@code action} is {@link Action#DELIVER}, else null */
    record Verdict(Action action, Packet packet) {
        static final Verdict DROP = new Verdict(Action.DROP, null);
        static final Verdict CLOSE = new Verdict(Action.CLOSE, null);
    }

    private final int selfId;
    private final PacketCodec codec;
    private final LinkRejections rejections;
    private final ReplayWindow replayWindow = new ReplayWindow();

    InboundCheck(int selfId, PacketCodec codec, LinkRejections rejections) {
        this.selfId = selfId;
        this.codec = codec;
        this.rejections = rejections;
    }

    /** Reports a length prefix outside {@code 1..maxFrameBytes}, refused before its body was read. */
    void reportBadLength(String source, int length, int maxFrameBytes) {
        rejections.reject(source, length < 1 ? RejectReason.TOO_SHORT : RejectReason.TOO_LARGE, "stream frame length "
                + length + " is outside 1.." + maxFrameBytes + "; closing the connection unread");
    }

    /**
     * @param source      the remote address, for the report
     * @param boundSender the node id this connection authenticated before, or 0 if none yet
     */
    Verdict check(String source, int boundSender, byte[] frame) {
        DecodeResult result = codec.decode(frame, 0, frame.length);
        if (result instanceof DecodeResult.Rejected rejected) {
            rejections.reject(source, rejected.reason(), rejected.detail() + "; closing the stream connection");
            return Verdict.CLOSE;
        }
        Packet packet = ((DecodeResult.Accepted) result).packet();
        if (packet.senderId() == selfId) {
            rejections.reject(source, RejectReason.UNKNOWN_SENDER, "a stream packet claims this node's own id "
                    + selfId + " (another node configured with the same id?); closing the connection");
            return Verdict.CLOSE;
        }
        if (boundSender != 0 && packet.senderId() != boundSender) {
            rejections.reject(source, RejectReason.UNKNOWN_SENDER, "a stream connection of node " + boundSender
                    + " carried a packet of node " + packet.senderId() + "; closing the connection");
            return Verdict.CLOSE;
        }
        if (!replayWindow.accept(packet.senderId(), packet.incarnation(), packet.packetSeq())) {
            rejections.reject(source, RejectReason.REPLAYED, "stream packet " + packet.incarnation() + "/"
                    + packet.packetSeq() + " of node " + packet.senderId() + " was seen before or is too old");
            return Verdict.DROP;
        }
        return new Verdict(Action.DELIVER, packet);
    }
}
