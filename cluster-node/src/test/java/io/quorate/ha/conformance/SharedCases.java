package io.quorate.ha.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Proxmox's HA regression cases for tests, read in place from {@code ../shared/pve-ha-tests} (or
 * {@code -Dquorate.pveHaTests=DIR}); never copied into the repository. Missing cases fail the test
 * when {@code CI=true} and skip it otherwise.
 */
final class SharedCases {

    private SharedCases() {
    }

    static Path root() {
        Path dir = ProxmoxCases.defaultDir();
        if (!Files.isDirectory(dir) || ProxmoxCases.caseDirs(dir).isEmpty()) {
            String message = "Proxmox HA regression cases not found at " + dir
                    + " (expected ../shared/pve-ha-tests beside the repository root, or -D"
                    + ProxmoxCases.DIR_PROPERTY + "=DIR)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message + "; skipping");
        }
        return dir;
    }

    static List<Path> caseDirs() {
        return ProxmoxCases.caseDirs(root());
    }

    /** One named case; skips the test when the cases directory in use does not hold it. */
    static ProxmoxCase load(String name) {
        Path dir = root().resolve(name);
        Assumptions.assumeTrue(Files.isDirectory(dir), name + " is not in " + root());
        return ProxmoxCase.load(dir);
    }
}
