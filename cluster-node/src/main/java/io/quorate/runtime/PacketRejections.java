package io.quorate.runtime;

import io.quorate.events.MembershipEvent;
import io.quorate.protocol.RejectReason;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Counts dropped packets per (source address, reason) and reports each pair once — a log line and
 * a {@code membership.packet_rejected} event — so a flood of forged packets cannot flood the log.
 */
final class PacketRejections {
    private static final System.Logger LOG = System.getLogger(PacketRejections.class.getName());

    private final Map<String, Long> counts = new HashMap<>();
    private final Consumer<MembershipEvent.PacketRejected> events;

    PacketRejections(Consumer<MembershipEvent.PacketRejected> events) {
        this.events = events;
    }

    /** Sources remembered for the once-only report; drops from further new sources are not reported. */
    static final int MAX_SOURCES = 1024;

    void reject(String source, RejectReason reason, String detail) {
        // keyed by host, not port: a sender on random ports is still one source
        String key = source.replaceFirst(":\\d+$", "") + " " + reason;
        if (!counts.containsKey(key) && counts.size() >= MAX_SOURCES) {
            return;
        }
        long count = counts.merge(key, 1L, Long::sum);
        if (count == 1) {
            LOG.log(System.Logger.Level.WARNING, "dropping packets from " + source + ": " + reason.label() + " (" + detail
                    + "); further drops from this source for this reason are only counted");
            events.accept(new MembershipEvent.PacketRejected(source, reason.label() + ": " + detail, count));
        }
    }
}
