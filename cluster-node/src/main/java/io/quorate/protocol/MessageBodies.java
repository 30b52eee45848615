package io.quorate.protocol;

import io.quorate.protocol.ClusterMessage.ConfigOffer;
import io.quorate.protocol.ClusterMessage.ConfigRequest;
import io.quorate.protocol.ClusterMessage.Heartbeat;
import io.quorate.protocol.ClusterMessage.Leave;
import io.quorate.protocol.ClusterMessage.SetExpectedVotes;
import io.quorate.protocol.ClusterMessage.ViewAck;
import io.quorate.protocol.ClusterMessage.ViewCommit;
import io.quorate.protocol.ClusterMessage.ViewProposal;
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
}
