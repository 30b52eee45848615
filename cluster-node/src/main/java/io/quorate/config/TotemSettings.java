package io.quorate.config;

/**
 * The interpreted part of corosync.conf's {@code totem} section. Other totem keys (interface blocks,
 * link_mode, ip_version, crypto settings, ...) stay in the tree untouched.
 *
 * @param clusterName   {@code cluster_name}, required and non-empty
 * @param configVersion {@code config_version}, >= 0, default 0; the higher copy wins between nodes
 * @param tokenMs       {@code token}: failure-detection timeout, default {@value #DEFAULT_TOKEN_MS} ms,
 *                      at least {@value #MIN_TOKEN_MS} ms (lower than corosync allows, so simulations
 *                      can run fast)
 * @param consensusMs   {@code consensus}: time to agree a new membership, default 1.2 × token
 * @param secauth       {@code secauth}: authenticate cluster traffic, on|off, default on
 * @param transport     {@code transport}: knet (default), udp or udpu
 */
public record TotemSettings(String clusterName, long configVersion, long tokenMs, long consensusMs,
                            boolean secauth, String transport) {

    public static final long DEFAULT_TOKEN_MS = 3000;
    public static final long MIN_TOKEN_MS = 10;
    public static final String DEFAULT_TRANSPORT = "knet";

    /** corosync's default consensus timeout: 1.2 × token. */
    public static long defaultConsensusMs(long tokenMs) {
        return tokenMs * 12 / 10;
    }
}
