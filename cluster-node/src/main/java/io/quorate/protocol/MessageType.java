package io.quorate.protocol;

import io.quorate.protocol.ClusterMessage.ConfigOffer;
import io.quorate.protocol.ClusterMessage.ConfigRequest;
import io.quorate.protocol.ClusterMessage.Heartbeat;
import io.quorate.protocol.ClusterMessage.Leave;
import io.quorate.protocol.ClusterMessage.SetExpectedVotes;
import io.quorate.protocol.ClusterMessage.ViewAck;
import io.quorate.protocol.ClusterMessage.ViewCommit;
import io.quorate.protocol.ClusterMessage.ViewProposal;
import io.quorate.protocol.ClusterMessage.AppendEntries;
import io.quorate.protocol.ClusterMessage.AppendReply;
import io.quorate.protocol.ClusterMessage.ForwardedProposal;
import io.quorate.protocol.ClusterMessage.ProposalOutcome;
import io.quorate.protocol.ClusterMessage.ReadIndexReply;
import io.quorate.protocol.ClusterMessage.ReadIndexRequest;
import io.quorate.protocol.ClusterMessage.SnapshotAck;
import io.quorate.protocol.ClusterMessage.SnapshotChunk;
import io.quorate.protocol.ClusterMessage.VoteReply;
import io.quorate.protocol.ClusterMessage.VoteRequest;
import java.util.Optional;

/**
 * The stable one-byte tag of each message type, and its body layout. Tags are part of the wire
 * protocol: never reuse or renumber one; a new message type is one new line here (plus its body in
 * {@link MessageBodies}).
 */
enum MessageType {
    HEARTBEAT(1, Heartbeat.class, MessageBodies::writeHeartbeat, MessageBodies::readHeartbeat),
    VIEW_PROPOSAL(2, ViewProposal.class, MessageBodies::writeViewProposal, MessageBodies::readViewProposal),
    VIEW_ACK(3, ViewAck.class, MessageBodies::writeViewAck, MessageBodies::readViewAck),
    VIEW_COMMIT(4, ViewCommit.class, MessageBodies::writeViewCommit, MessageBodies::readViewCommit),
    LEAVE(5, Leave.class, MessageBodies::writeLeave, MessageBodies::readLeave),
    SET_EXPECTED_VOTES(6, SetExpectedVotes.class, MessageBodies::writeSetExpectedVotes, MessageBodies::readSetExpectedVotes),
    CONFIG_OFFER(7, ConfigOffer.class, MessageBodies::writeConfigOffer, MessageBodies::readConfigOffer),
    CONFIG_REQUEST(8, ConfigRequest.class, MessageBodies::writeConfigRequest, MessageBodies::readConfigRequest),
    VOTE_REQUEST(16, VoteRequest.class, MessageBodies::writeVoteRequest, MessageBodies::readVoteRequest),
    VOTE_REPLY(17, VoteReply.class, MessageBodies::writeVoteReply, MessageBodies::readVoteReply),
    APPEND_ENTRIES(18, AppendEntries.class, MessageBodies::writeAppendEntries, MessageBodies::readAppendEntries),
    APPEND_REPLY(19, AppendReply.class, MessageBodies::writeAppendReply, MessageBodies::readAppendReply),
    SNAPSHOT_CHUNK(20, SnapshotChunk.class, MessageBodies::writeSnapshotChunk, MessageBodies::readSnapshotChunk),
    SNAPSHOT_ACK(21, SnapshotAck.class, MessageBodies::writeSnapshotAck, MessageBodies::readSnapshotAck),
    FORWARDED_PROPOSAL(22, ForwardedProposal.class, MessageBodies::writeForwardedProposal, MessageBodies::readForwardedProposal),
    PROPOSAL_OUTCOME(23, ProposalOutcome.class, MessageBodies::writeProposalOutcome, MessageBodies::readProposalOutcome),
    READ_INDEX_REQUEST(24, ReadIndexRequest.class, MessageBodies::writeReadIndexRequest, MessageBodies::readReadIndexRequest),
    READ_INDEX_REPLY(25, ReadIndexReply.class, MessageBodies::writeReadIndexReply, MessageBodies::readReadIndexReply);

    @FunctionalInterface
    private interface BodyWriter<M extends ClusterMessage> {
        void write(M message, WireWriter out);
    }

    @FunctionalInterface
    private interface BodyReader<M extends ClusterMessage> {
        M read(WireReader in) throws MalformedPacketException;
    }

    private static final MessageType[] BY_TAG = new MessageType[256];

    static {
        for (MessageType type : values()) {
            if (BY_TAG[type.tag] != null) {
                throw new IllegalStateException("tag " + type.tag + " used by both " + BY_TAG[type.tag] + " and " + type);
            }
            BY_TAG[type.tag] = type;
        }
    }

    private final int tag;
    private final Class<? extends ClusterMessage> messageClass;
    private final BodyWriter<ClusterMessage> writer;
    private final BodyReader<? extends ClusterMessage> reader;

    <M extends ClusterMessage> MessageType(int tag, Class<M> messageClass, BodyWriter<M> writer, BodyReader<M> reader) {
        this.tag = tag;
        this.messageClass = messageClass;
        this.writer = (message, out) -> writer.write(messageClass.cast(message), out);
        this.reader = reader;
    }

    int tag() {
        return tag;
    }

    /** The record's simple name, for error details. */
    String messageName() {
        return messageClass.getSimpleName();
    }

    static MessageType of(ClusterMessage message) {
        for (MessageType type : values()) {
            if (type.messageClass == message.getClass()) {
                return type;
            }
        }
        // unreachable while every permitted ClusterMessage has a line above (a test checks this)
        throw new IllegalStateException("no wire tag for " + message.getClass().getName());
    }

    static Optional<MessageType> ofTag(int tag) {
        return tag >= 0 && tag < BY_TAG.length ? Optional.ofNullable(BY_TAG[tag]) : Optional.empty();
    }

    void writeBody(ClusterMessage message, WireWriter out) {
        writer.write(message, out);
    }

    /** Reads a whole body, failing on trailing bytes; details name the message type. */
    ClusterMessage readBody(WireReader in) throws MalformedPacketException {
        try {
            ClusterMessage message = reader.read(in);
            in.requireEnd();
            return message;
        } catch (MalformedPacketException e) {
            throw new MalformedPacketException("bad " + messageName() + " body: " + e.getMessage());
        }
    }
}
