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
import java.util.List;

/**
 * The body layout of each {@link ClusterMessage}: its fields in record-component order, each with
 * its validity rule. Java evaluates constructor arguments left to right, so each reader lists the
 * fields in the same order as its writer.
 */
final class MessageBodies {
    // readings of the sender's monotonic clock (echo -1: nothing to echo yet): every value is legal
    private static final WireField<Long> SENT_AT = WireField.int64("sentAt");
    private static final WireField<Long> ECHO_SENT_AT = WireField.int64("echoSentAt");
    private static final WireField<Long> ECHO_HELD_MS = WireField.int64("echoHeldMs", WireRules::nonNegative);
    private static final WireField<RingId> INSTALLED = WireField.ringId("installed");
    private static final WireField<Long> HIGHEST_SEQUENCE = WireField.int64("highestSequence", WireRules::nonNegative);
    private static final WireField<List<Integer>> HEARS = WireField.nodeIds("hears");
    private static final WireField<Long> CONFIG_VERSION = WireField.int64("configVersion", WireRules::nonNegative);
    // a heartbeat may announce 0 (a node without votes); an administrator's -e must ask for at least 1
    private static final WireField<Integer> ANNOUNCED_EXPECTED_VOTES = WireField.int32("expectedVotes", WireRules::nonNegative);
    private static final WireField<Integer> REQUESTED_EXPECTED_VOTES = WireField.int32("expectedVotes", WireRules::positive);
    private static final WireField<RingId> RING = WireField.ringId("ring");
    private static final WireField<List<Integer>> MEMBERS = WireField.nodeIds("members");
    private static final WireField<String> COROSYNC_CONF = WireField.utf8("corosyncConf");
    private static final WireField<Long> HAVE_VERSION = WireField.int64("haveVersion", WireRules::nonNegative);

    // replicated config log (Raft)
    private static final WireField<Long> TERM = WireField.int64("term", WireRules::nonNegative);
    private static final WireField<Long> LAST_LOG_INDEX = WireField.int64("lastLogIndex", WireRules::nonNegative);
    private static final WireField<Long> LAST_LOG_TERM = WireField.int64("lastLogTerm", WireRules::nonNegative);
    private static final WireField<Boolean> PRE_VOTE = WireField.bool("preVote");
    private static final WireField<Boolean> GRANTED = WireField.bool("granted");
    private static final WireField<Long> PREV_LOG_INDEX = WireField.int64("prevLogIndex", WireRules::nonNegative);
    private static final WireField<Long> PREV_LOG_TERM = WireField.int64("prevLogTerm", WireRules::nonNegative);
    private static final WireField<Long> LEADER_COMMIT = WireField.int64("leaderCommit", WireRules::nonNegative);
    private static final WireField<Long> READ_ROUND = WireField.int64("readRound", WireRules::nonNegative);
    private static final WireField<List<LogEntry>> ENTRIES = WireField.logEntries("entries");
    private static final WireField<Boolean> SUCCESS = WireField.bool("success");
    private static final WireField<Long> MATCH_INDEX = WireField.int64("matchIndex", WireRules::nonNegative);
    private static final WireField<Long> SNAPSHOT_INDEX = WireField.int64("lastIndex", WireRules::nonNegative);
    private static final WireField<Long> SNAPSHOT_TERM = WireField.int64("lastTerm", WireRules::nonNegative);
    private static final WireField<Long> OFFSET = WireField.int64("offset", WireRules::nonNegative);
    private static final WireField<Long> TOTAL_BYTES = WireField.int64("totalBytes", WireRules::nonNegative);
    private static final WireField<Blob> DATA = WireField.blob("data");
    private static final WireField<Long> NEXT_OFFSET = WireField.int64("nextOffset", WireRules::nonNegative);
    private static final WireField<Long> REQUEST_ID = WireField.int64("requestId");
    private static final WireField<Blob> COMMAND = WireField.blob("command");
    private static final WireField<Integer> STATUS = WireField.int32("status", WireRules::nonNegative);
    private static final WireField<Long> INDEX = WireField.int64("index", WireRules::nonNegative);
    private static final WireField<String> DETAIL = WireField.utf8("detail");
    private static final WireField<Long> READ_INDEX = WireField.int64("readIndex", value -> value < -1
            ? java.util.Optional.of("must be -1 (refused) or an index, got " + value) : java.util.Optional.empty());

    private MessageBodies() {
    }

    static void writeHeartbeat(Heartbeat message, WireWriter out) {
        SENT_AT.write(out, message.sentAt());
        ECHO_SENT_AT.write(out, message.echoSentAt());
        ECHO_HELD_MS.write(out, message.echoHeldMs());
        INSTALLED.write(out, message.installed());
        HIGHEST_SEQUENCE.write(out, message.highestSequence());
        HEARS.write(out, message.hears());
        CONFIG_VERSION.write(out, message.configVersion());
        ANNOUNCED_EXPECTED_VOTES.write(out, message.expectedVotes());
    }

    static Heartbeat readHeartbeat(WireReader in) throws MalformedPacketException {
        return new Heartbeat(SENT_AT.read(in), ECHO_SENT_AT.read(in), ECHO_HELD_MS.read(in), INSTALLED.read(in),
                HIGHEST_SEQUENCE.read(in), HEARS.read(in), CONFIG_VERSION.read(in), ANNOUNCED_EXPECTED_VOTES.read(in));
    }

    static void writeViewProposal(ViewProposal message, WireWriter out) {
        RING.write(out, message.ring());
        MEMBERS.write(out, message.members());
    }

    static ViewProposal readViewProposal(WireReader in) throws MalformedPacketException {
        return new ViewProposal(RING.read(in), MEMBERS.read(in));
    }

    static void writeViewAck(ViewAck message, WireWriter out) {
        RING.write(out, message.ring());
    }

    static ViewAck readViewAck(WireReader in) throws MalformedPacketException {
        return new ViewAck(RING.read(in));
    }

    static void writeViewCommit(ViewCommit message, WireWriter out) {
        RING.write(out, message.ring());
        MEMBERS.write(out, message.members());
    }

    static ViewCommit readViewCommit(WireReader in) throws MalformedPacketException {
        return new ViewCommit(RING.read(in), MEMBERS.read(in));
    }

    static void writeLeave(Leave message, WireWriter out) {
        // no fields
    }

    static Leave readLeave(WireReader in) {
        return new Leave();
    }

    static void writeSetExpectedVotes(SetExpectedVotes message, WireWriter out) {
        REQUESTED_EXPECTED_VOTES.write(out, message.expectedVotes());
    }

    static SetExpectedVotes readSetExpectedVotes(WireReader in) throws MalformedPacketException {
        return new SetExpectedVotes(REQUESTED_EXPECTED_VOTES.read(in));
    }

    static void writeConfigOffer(ConfigOffer message, WireWriter out) {
        CONFIG_VERSION.write(out, message.configVersion());
        COROSYNC_CONF.write(out, message.corosyncConf());
    }

    static ConfigOffer readConfigOffer(WireReader in) throws MalformedPacketException {
        return new ConfigOffer(CONFIG_VERSION.read(in), COROSYNC_CONF.read(in));
    }

    static void writeConfigRequest(ConfigRequest message, WireWriter out) {
        HAVE_VERSION.write(out, message.haveVersion());
    }

    static ConfigRequest readConfigRequest(WireReader in) throws MalformedPacketException {
        return new ConfigRequest(HAVE_VERSION.read(in));
    }

    static void writeVoteRequest(VoteRequest m, WireWriter out) {
        TERM.write(out, m.term());
        LAST_LOG_INDEX.write(out, m.lastLogIndex());
        LAST_LOG_TERM.write(out, m.lastLogTerm());
        PRE_VOTE.write(out, m.preVote());
    }

    static VoteRequest readVoteRequest(WireReader in) throws MalformedPacketException {
        return new VoteRequest(TERM.read(in), LAST_LOG_INDEX.read(in), LAST_LOG_TERM.read(in), PRE_VOTE.read(in));
    }

    static void writeVoteReply(VoteReply m, WireWriter out) {
        TERM.write(out, m.term());
        GRANTED.write(out, m.granted());
        PRE_VOTE.write(out, m.preVote());
    }

    static VoteReply readVoteReply(WireReader in) throws MalformedPacketException {
        return new VoteReply(TERM.read(in), GRANTED.read(in), PRE_VOTE.read(in));
    }

    static void writeAppendEntries(AppendEntries m, WireWriter out) {
        TERM.write(out, m.term());
        PREV_LOG_INDEX.write(out, m.prevLogIndex());
        PREV_LOG_TERM.write(out, m.prevLogTerm());
        LEADER_COMMIT.write(out, m.leaderCommit());
        READ_ROUND.write(out, m.readRound());
        ENTRIES.write(out, m.entries());
    }

    static AppendEntries readAppendEntries(WireReader in) throws MalformedPacketException {
        AppendEntries m = new AppendEntries(TERM.read(in), PREV_LOG_INDEX.read(in), PREV_LOG_TERM.read(in),
                LEADER_COMMIT.read(in), READ_ROUND.read(in), ENTRIES.read(in));
        if (!m.entries().isEmpty() && m.entries().get(0).index() != m.prevLogIndex() + 1) {
            throw new MalformedPacketException("first entry has index " + m.entries().get(0).index()
                    + " but prevLogIndex is " + m.prevLogIndex());
        }
        return m;
    }

    static void writeAppendReply(AppendReply m, WireWriter out) {
        TERM.write(out, m.term());
        SUCCESS.write(out, m.success());
        MATCH_INDEX.write(out, m.matchIndex());
        READ_ROUND.write(out, m.readRound());
    }

    static AppendReply readAppendReply(WireReader in) throws MalformedPacketException {
        return new AppendReply(TERM.read(in), SUCCESS.read(in), MATCH_INDEX.read(in), READ_ROUND.read(in));
    }

    static void writeSnapshotChunk(SnapshotChunk m, WireWriter out) {
        TERM.write(out, m.term());
        SNAPSHOT_INDEX.write(out, m.lastIndex());
        SNAPSHOT_TERM.write(out, m.lastTerm());
        OFFSET.write(out, m.offset());
        TOTAL_BYTES.write(out, m.totalBytes());
        DATA.write(out, m.data());
    }

    static SnapshotChunk readSnapshotChunk(WireReader in) throws MalformedPacketException {
        SnapshotChunk m = new SnapshotChunk(TERM.read(in), SNAPSHOT_INDEX.read(in), SNAPSHOT_TERM.read(in), OFFSET.read(in),
                TOTAL_BYTES.read(in), DATA.read(in));
        if (m.offset() + m.data().size() > m.totalBytes()) {
            throw new MalformedPacketException("chunk at offset " + m.offset() + " of " + m.data().size()
                    + " bytes runs past the snapshot's " + m.totalBytes() + " bytes");
        }
        return m;
    }

    static void writeSnapshotAck(SnapshotAck m, WireWriter out) {
        TERM.write(out, m.term());
        SNAPSHOT_INDEX.write(out, m.lastIndex());
        NEXT_OFFSET.write(out, m.nextOffset());
    }

    static SnapshotAck readSnapshotAck(WireReader in) throws MalformedPacketException {
        return new SnapshotAck(TERM.read(in), SNAPSHOT_INDEX.read(in), NEXT_OFFSET.read(in));
    }

    static void writeForwardedProposal(ForwardedProposal m, WireWriter out) {
        TERM.write(out, m.term());
        REQUEST_ID.write(out, m.requestId());
        COMMAND.write(out, m.command());
    }

    static ForwardedProposal readForwardedProposal(WireReader in) throws MalformedPacketException {
        return new ForwardedProposal(TERM.read(in), REQUEST_ID.read(in), COMMAND.read(in));
    }

    static void writeProposalOutcome(ProposalOutcome m, WireWriter out) {
        TERM.write(out, m.term());
        REQUEST_ID.write(out, m.requestId());
        STATUS.write(out, m.status());
        INDEX.write(out, m.index());
        DETAIL.write(out, m.detail());
    }

    static ProposalOutcome readProposalOutcome(WireReader in) throws MalformedPacketException {
        return new ProposalOutcome(TERM.read(in), REQUEST_ID.read(in), STATUS.read(in), INDEX.read(in), DETAIL.read(in));
    }

    static void writeReadIndexRequest(ReadIndexRequest m, WireWriter out) {
        TERM.write(out, m.term());
        REQUEST_ID.write(out, m.requestId());
    }

    static ReadIndexRequest readReadIndexRequest(WireReader in) throws MalformedPacketException {
        return new ReadIndexRequest(TERM.read(in), REQUEST_ID.read(in));
    }

    static void writeReadIndexReply(ReadIndexReply m, WireWriter out) {
        TERM.write(out, m.term());
        REQUEST_ID.write(out, m.requestId());
        READ_INDEX.write(out, m.readIndex());
    }

    static ReadIndexReply readReadIndexReply(WireReader in) throws MalformedPacketException {
        return new ReadIndexReply(TERM.read(in), REQUEST_ID.read(in), READ_INDEX.read(in));
    }
}
