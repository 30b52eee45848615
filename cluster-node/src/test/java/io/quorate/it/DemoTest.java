package io.quorate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command: a 3-node cluster built with cm create + cm add, status printed. */
class DemoTest {
    @TempDir
    Path base;

    @Test
    void demoBuildsAQuorateThreeNodeClusterTheAdminWay() throws Exception {
        Path dir = base.resolve("demo");
        Cli.Result result = Cli.run("demo", "--dir", dir.toString(), "--token", "1000", "--exit-when-ready");
        assertEquals(0, result.exitCode(), result.err() + result.out());
        String out = result.out();
        assertTrue(out.contains("Config Version:   3\n") && out.contains("Nodes:            3\n")
                && out.contains("Quorate:          Yes\n") && out.contains("         3          1 n3\n"), out);
        assertTrue(out.contains("n2   API https://127.0.0.1:"), out);
        assertTrue(out.matches("(?s).*n3   API https://\\S+  metrics http://127\\.0\\.0\\.1:\\d+/metrics.*"), out);
        assertTrue(out.matches("(?s)(.*\\n)?kafka: 127\\.0\\.0\\.1:\\d+\\n.*"), "the broker's address on a line of its own: " + out);
        assertTrue(out.contains("quorum OK") && out.contains("master n") && out.matches("(?s).*service vm:101 \\(n\\d, started\\).*"), out);
        String guest = out.replaceAll("(?s).*vm:101 answers on http://([0-9.:]+)/.*", "$1");
        assertTrue(guest.matches("127\\.0\\.0\\.\\d:10101"), out);
        assertTrue(Files.readString(dir.resolve("n3/corosync.conf")).contains("config_version: 3"), "n3 holds the final config");
        assertTrue(Files.readString(dir.resolve("n1/corosync.conf")).contains("name: n3"), "n1 adopted n3 without a restart");
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains(dir.toString())),
                "the demo stopped every node and supervisor it started");
        String[] hostPort = guest.split(":");
        assertThrows(java.io.IOException.class, () -> new java.net.Socket(hostPort[0], Integer.parseInt(hostPort[1])).close(),
                "the demo's guest was stopped too");
    }
}
