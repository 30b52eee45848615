package io.quorate.chaos.run;

/** One steady-state probe's outcome: {@code detail} says what was seen. */
public record ProbeResult(String name, String kind, boolean passed, String detail) {
}
