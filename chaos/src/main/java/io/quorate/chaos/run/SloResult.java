package io.quorate.chaos.run;

/**
 * How one SLO fared.
 *
 * @param faultAt       RFC 3339 time of the first fault of the run (the clock starts there)
 * @param interruptedAt when the prober first saw the resource answer nowhere after the fault, or null
 * @param recoveredAt   when it answered again after that, or null
 * @param recoveryMs    fault to recovery; 0 when it was never interrupted; -1 when it never came back
 * @param node          where it answered after recovery
 */
public record SloResult(String slo, String sid, long withinMs, boolean met, String faultAt, String interruptedAt, String recoveredAt,
                        long recoveryMs, String node, String detail) {
}
