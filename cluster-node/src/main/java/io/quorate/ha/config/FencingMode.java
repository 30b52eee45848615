package io.quorate.ha.config;

/**
 * How HA fences a failed node ({@code datacenter.cfg} {@code fencing: ...}, a Proxmox key). With
 * {@link #HARDWARE} or {@link #BOTH} the devices of {@link FenceConfig} are used.
 */
public enum FencingMode {
    /** Self-fencing by the watchdog, proven by the agent lock expiring. The default. */
    WATCHDOG("watchdog"),
    /** Fence devices (IPMI) only. */
    HARDWARE("hardware"),
    /** Fence devices first, the watchdog/lock-expiry path as the fallback. */
    BOTH("both");

    public static final FencingMode DEFAULT = WATCHDOG;

    private final String text;

    FencingMode(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static FencingMode parse(String text) {
        for (FencingMode mode : values()) {
            if (mode.text.equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown fencing mode '" + text + "', expected watchdog, hardware or both");
    }

    @Override
    public String toString() {
        return text;
    }
}
