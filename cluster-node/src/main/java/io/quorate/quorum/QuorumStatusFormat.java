package io.quorate.quorum;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Renders a {@link QuorumStatus} byte for byte as corosync 3's {@code corosync-quorumtool -s}
 * (tools/corosync-quorumtool.c) and Proxmox's {@code pvecm status} / {@code pvecm nodes} print it,
 * trailing spaces included, so scripts written against the real tools keep working.
 */
public final class QuorumStatusFormat {
    /** C's ctime(3): "Wed Nov  5 09:57:57 2026" (day of month space-padded to two places). */
    private static final DateTimeFormatter CTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss uuuu", Locale.ENGLISH);
    /** Labels are padded to 18 columns, as corosync-quorumtool's printf formats do. */
    private static final String LABEL_FORMAT = "%-18s%s\n";

    private QuorumStatusFormat() {
    }

    /** {@code corosync-quorumtool -s}: quorum, votequorum and membership blocks. */
    public static String quorumtoolText(QuorumStatus status, Instant date, ZoneId zone) {
        StringBuilder text = new StringBuilder();
        text.append("Quorum information\n");
        text.append("------------------\n");
        line(text, "Date:", CTIME.format(date.atZone(zone)));
        line(text, "Quorum provider:", "corosync_votequorum");
        line(text, "Nodes:", Integer.toString(status.nodes()));
        line(text, "Node ID:", Integer.toString(status.localNodeId()));
        line(text, "Ring ID:", status.ring().toString());
        line(text, "Quorate:", status.quorate() ? "Yes" : "No");
        text.append("\nVotequorum information\n");
        text.append("----------------------\n");
        line(text, "Expected votes:", Integer.toString(status.expectedVotes()));
        line(text, "Highest expected:", Integer.toString(status.highestExpected()));
        line(text, "Total votes:", Integer.toString(status.totalVotes()));
        // printf("%d %s\n", quorum, quorate ? " " : "Activity blocked"): two trailing spaces when quorate
        line(text, "Quorum:", status.quorum() + " " + (status.quorate() ? " " : "Activity blocked"));
        // each flag is printed followed by a space, so the line ends in one whenever a flag is set
        StringBuilder flags = new StringBuilder();
        for (String flag : status.flags()) {
            flags.append(flag).append(' ');
        }
        line(text, "Flags:", flags.toString());
        text.append(membershipText(status));
        return text.toString();
    }

    /** {@code pvecm status}: the cluster block of corosync.conf, then the quorumtool text. */
    public static String pvecmStatusText(ClusterInfo info, QuorumStatus status, Instant date, ZoneId zone) {
        StringBuilder text = new StringBuilder();
        text.append("Cluster information\n");
        text.append("-------------------\n");
        line(text, "Name:", info.name());
        line(text, "Config Version:", Long.toString(info.configVersion()));
        line(text, "Transport:", info.transport());
        line(text, "Secure auth:", info.secureAuth() ? "on" : "off");
        text.append('\n');
        text.append(quorumtoolText(status, date, zone));
        return text.toString();
    }

    /** {@code pvecm nodes} ({@code corosync-quorumtool -l}): the membership block alone. */
    public static String membershipText(QuorumStatus status) {
        StringBuilder text = new StringBuilder();
        text.append("\nMembership information\n");
        text.append("----------------------\n");
        text.append(padded("Nodeid")).append(padded("Votes")).append("Name\n");
        for (QuorumStatus.Member member : status.members()) {
            text.append(padded(Integer.toString(member.nodeId())));
            text.append(padded(Integer.toString(member.votes())));
            text.append(member.name());
            if (member.nodeId() == status.localNodeId()) {
                text.append(" (local)");
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** C's ctime(3) form of an instant in a zone, without the trailing newline. */
    public static String ctime(Instant date, ZoneId zone) {
        return CTIME.format(date.atZone(zone));
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format(Locale.ROOT, LABEL_FORMAT, label, value));
    }

    /** corosync-quorumtool's print_string_padded: right-aligned in ten columns, then a space. */
    private static String padded(String value) {
        return String.format(Locale.ROOT, "%10s ", value);
    }
}
