package io.quorate.quorum;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The JSON form of {@code cm status --output-format json}: plain records Jackson serialises as they
 * are, field names as the API documents them.
 *
 * @param date when the status was taken, RFC 3339 in the caller's zone
 */
public record QuorumStatusView(boolean quorate, int nodes, int nodeId, String ringId, int expectedVotes,
                               int highestExpected, int totalVotes, int quorum, List<String> flags,
                               List<MemberView> members, String date) {

    /** One member of the view. */
    public record MemberView(int nodeid, int votes, String name, boolean local) {
    }

    public QuorumStatusView {
        flags = List.copyOf(flags);
        members = List.copyOf(members);
    }

    public static QuorumStatusView of(QuorumStatus status, Instant date, ZoneId zone) {
        List<MemberView> members = status.members().stream()
                .map(m -> new MemberView(m.nodeId(), m.votes(), m.name(), m.nodeId() == status.localNodeId()))
                .toList();
        String rfc3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME
                .format(date.truncatedTo(ChronoUnit.SECONDS).atZone(zone).toOffsetDateTime());
        return new QuorumStatusView(status.quorate(), status.nodes(), status.localNodeId(), status.ring().toString(),
                status.expectedVotes(), status.highestExpected(), status.totalVotes(), status.quorum(),
                status.flags(), members, rfc3339);
    }
}
