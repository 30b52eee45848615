package io.quorate.chaos.run;

/** How a run ended. */
public enum Verdict {
    /** Steady before and after, every fault applied, every check and SLO met. */
    passed,
    /** It ran as written and a check, an SLO or the steady state afterwards failed. */
    failed,
    /** It could not run as written: no steady state to begin with, a fault that could not be applied, a lab that would not build. */
    aborted
}
