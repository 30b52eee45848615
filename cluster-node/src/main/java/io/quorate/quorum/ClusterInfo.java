package io.quorate.quorum;

/** The corosync.conf facts {@code pvecm status} prints above the quorum information. */
public record ClusterInfo(String name, long configVersion, String transport, boolean secureAuth) {
}
