package io.quorate.events.replay;

import io.quorate.events.fold.Quorate;
import io.quorate.events.fold.StateSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The text form of a reconstructed cluster state, one fact a line, as {@code replay --at} prints it. */
public final class StateText {
    private StateText() {
    }

    public static String render(StateSummary state) {
        StringBuilder text = new StringBuilder();
        text.append("  crm master: ").append(orNone(state.crmMaster()))
                .append(", config version: ").append(state.configVersion() < 0 ? "unknown" : state.configVersion())
                .append(", fencing: ").append(state.fencing().isEmpty() ? "none" : String.join(",", state.fencing()))
                .append('\n');
        for (StateSummary.NodeSummary node : state.nodes()) {
            text.append("  node ").append(node.name()).append(": ").append(node(node, state.at())).append('\n');
        }
        state.services().forEach((sid, service) -> text.append("  service ").append(sid).append(": ").append(service.state())
                .append(" on ").append(orNone(service.node()))
                .append(service.target() == null ? "" : " (target " + service.target() + ")").append('\n'));
        for (Map.Entry<String, List<String>> guest : state.guests().entrySet()) {
            text.append("  guest ").append(guest.getKey()).append(": running on ").append(String.join(",", guest.getValue()))
                    .append('\n');
        }
        if (!state.locks().isEmpty()) {
            text.append("  locks: ").append(state.locks().entrySet().stream().map(lock -> lock.getKey() + "=" + lock.getValue())
                    .collect(Collectors.joining(", "))).append('\n');
        }
        return text.toString();
    }

    private static String node(StateSummary.NodeSummary node, Instant at) {
        return liveness(node, at) + " (incarnation " + node.incarnation() + ")"
                + ", ring " + orNone(node.ringId()) + " [" + String.join(",", node.members()) + "]"
                + ", " + quorum(node)
                + ", config " + (node.configVersion() < 0 ? "unknown" : node.configVersion())
                + (node.configLeader() == null ? "" : " (leader " + node.configLeader() + ")")
                + ", crm " + orNone(node.crmState()) + ", lrm " + orNone(node.lrmState())
                + (node.lastSeen() == null ? "" : ", last seen " + Rfc3339.format(node.lastSeen()));
    }

    /** down after its node.stopping; silent when it emitted nothing for a while (crashed, paused, cut off). */
    private static String liveness(StateSummary.NodeSummary node, Instant at) {
        if (!node.up()) {
            return "down";
        }
        boolean silent = at != null && node.lastSeen() != null
                && Duration.between(node.lastSeen(), at).compareTo(LaneRecorder.SILENCE) > 0;
        return silent ? "silent" : "up";
    }

    private static String quorum(StateSummary.NodeSummary node) {
        String votes = node.totalVotes() < 0 ? "" : " (votes " + node.totalVotes() + "/" + number(node.expectedVotes())
                + ", quorum " + number(node.quorum()) + ")";
        return (node.quorate() == Quorate.YES ? "quorate" : node.quorate() == Quorate.NO ? "NOT quorate" : "quorum unknown") + votes;
    }

    private static String number(int value) {
        return value < 0 ? "?" : Integer.toString(value);
    }

    private static String orNone(String value) {
        return value == null ? "none" : value;
    }
}
