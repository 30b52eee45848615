package io.quorate.chaos.run;

/**
 * A fault of the run and what became of it (times RFC 3339; null when it did not happen).
 *
 * @param error why applying or healing failed, or null
 */
public record FaultOutcome(FaultRecord fault, String applied, String healed, String error) {
}
