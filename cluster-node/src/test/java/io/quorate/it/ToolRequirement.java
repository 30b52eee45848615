package io.quorate.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need system tools: under CI=true a missing tool fails the test with the package to
 * install; elsewhere the test is skipped, saying why.
 */
public final class ToolRequirement {
    private ToolRequirement() {
    }

    /** Needs ipmitool and ipmi_sim (Debian ipmitool, openipmi). */
    public static void requireIpmi() {
        require("apt-get install -y ipmitool openipmi", "ipmitool", "ipmi_sim");
    }

    public static void require(String install, String... tools) {
        for (String tool : tools) {
            if (!onPath(tool)) {
                if ("true".equals(System.getenv("CI"))) {
                    fail(tool + " is missing: " + install);
                }
                Assumptions.assumeTrue(false, "skipped on this machine: no " + tool + " (" + install + ")");
            }
        }
    }

    private static boolean onPath(String tool) {
        for (String entry : (System.getenv("PATH") + ":/usr/sbin:/sbin").split(":")) {
            if (Files.isExecutable(Path.of(entry, tool))) {
                return true;
            }
        }
        return false;
    }
}
