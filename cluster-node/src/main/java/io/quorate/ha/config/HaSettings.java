package io.quorate.ha.config;

import java.util.Objects;

/**
 * The cluster-wide HA options of {@code datacenter.cfg}:
 * {@code ha: shutdown_policy=<policy>}, {@code crs: ha=<mode>,ha-rebalance-on-start=<0|1>} and
 * {@code fencing: <mode>}.
 *
 * @param shutdownPolicy default {@link ShutdownPolicy#CONDITIONAL}
 * @param crsMode default {@link CrsMode#BASIC}
 * @param rebalanceOnStart use the scheduler to pick a node when a resource goes from stopped to
 *     started ({@code ha-rebalance-on-start}), default false
 * @param fencing default {@link FencingMode#WATCHDOG}
 */
public record HaSettings(ShutdownPolicy shutdownPolicy, CrsMode crsMode, boolean rebalanceOnStart,
        FencingMode fencing) {

    public static final HaSettings DEFAULTS = new HaSettings(ShutdownPolicy.DEFAULT, CrsMode.DEFAULT, false,
            FencingMode.DEFAULT);

    public HaSettings {
        Objects.requireNonNull(shutdownPolicy, "shutdownPolicy");
        Objects.requireNonNull(crsMode, "crsMode");
        Objects.requireNonNull(fencing, "fencing");
    }

    public HaSettings withShutdownPolicy(ShutdownPolicy policy) {
        return new HaSettings(policy, crsMode, rebalanceOnStart, fencing);
    }

    public HaSettings withCrsMode(CrsMode mode) {
        return new HaSettings(shutdownPolicy, mode, rebalanceOnStart, fencing);
    }

    public HaSettings withRebalanceOnStart(boolean rebalance) {
        return new HaSettings(shutdownPolicy, crsMode, rebalance, fencing);
    }

    public HaSettings withFencing(FencingMode mode) {
        return new HaSettings(shutdownPolicy, crsMode, rebalanceOnStart, mode);
    }
}
