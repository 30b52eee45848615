package io.quorate.it;

import static org.junit.jupiter.api.Assertions.fail;

import io.quorate.lab.NetnsLab;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Tests that need network namespaces: under CI=true a missing tool fails them, elsewhere they are skipped, saying why. */
final class NetnsRequirement {
    private NetnsRequirement() {
    }

    static void require() {
        Optional<String> missing = NetnsLab.unavailableReason();
        if (missing.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("network-namespace tests cannot run: " + missing.get());
            }
            Assumptions.assumeTrue(false, "skipped on this machine: " + missing.get());
        }
    }
}
