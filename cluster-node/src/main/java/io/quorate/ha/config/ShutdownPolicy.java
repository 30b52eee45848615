package io.quorate.ha.config;

/**
 * What happens to a node's HA resources when the node shuts down or reboots
 * ({@code datacenter.cfg} {@code ha: shutdown_policy=...}, Proxmox's {@code pve-ha-shutdown-policy}).
 */
public enum ShutdownPolicy {
    /** Freeze on reboot, leave as is (and so recover after fencing) on power-off. The default. */
    CONDITIONAL("conditional"),
    /** Always freeze: resources stay on the node and are not recovered. */
    FREEZE("freeze"),
    /** Never freeze: resources are recovered elsewhere if the node stays down. */
    FAILOVER("failover"),
    /** Migrate running resources away first; the shutdown waits until none is left. */
    MIGRATE("migrate");

    public static final ShutdownPolicy DEFAULT = CONDITIONAL;

    private final String text;

    ShutdownPolicy(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static ShutdownPolicy parse(String text) {
        for (ShutdownPolicy policy : values()) {
            if (policy.text.equals(text)) {
                return policy;
            }
        }
        throw new IllegalArgumentException(
                "unknown shutdown policy '" + text + "', expected conditional, freeze, failover or migrate");
    }

    @Override
    public String toString() {
        return text;
    }
}
