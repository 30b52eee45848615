package io.quorate.chaos.lab;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Tests that build a lab: under CI=true a missing tool or privilege fails them; elsewhere they are skipped, saying why. */
public final class LabRequirement {
    private LabRequirement() {
    }

    public static void require() {
        require(ChaosLab.unavailableReason());
    }

    /** For loopback labs: only the BMC simulator and ipmitool are needed. */
    public static void requireBmcs() {
        require(ChaosLab.bmcsUnavailableReason());
    }

    private static void require(Optional<String> missing) {
        if (missing.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("chaos lab tests cannot run: " + missing.get());
            }
            Assumptions.assumeTrue(false, "skipped on this machine: " + missing.get());
        }
    }
}
