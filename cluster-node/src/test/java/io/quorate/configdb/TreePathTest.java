package io.quorate.configdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TreePathTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "corosync.conf",
        "ha/resources.cfg",
        "ha/manager_status",
        "nodes/n1/qemu-server/101.conf",
        "nodes/n1/lxc/200.conf",
        "priv/lock/ha_manager_lock",
        "priv/authorized_keys",
        "nodes/knoten-ü/qemu-server/101.conf",
        "storage/日本語.cfg",
        "emoji/\uD83D\uDE00.conf",
        ".hidden",
        "...",
        "a..b/c.d",
        "with space/and-dash_and.dot"
    })
    void acceptsProxmoxPaths(String path) {
        assertEquals(Optional.empty(), TreePath.problem(path), path);
    }

    @Test
    void rejectsEmptyAndNull() {
        assertProblem("", "empty");
        assertProblem(null, "empty");
    }

    @Test
    void rejectsAbsolutePaths() {
        assertProblem("/etc/pve/corosync.conf", "absolute");
        assertProblem("/", "absolute");
    }

    @Test
    void rejectsDotAndDotDotSegments() {
        assertProblem("..", "'..'");
        assertProblem("../etc/passwd", "'..'");
        assertProblem("nodes/../priv/lock/x", "'..'");
        assertProblem("nodes/..", "'..'");
        assertProblem(".", "'.'");
        assertProblem("./corosync.conf", "'.'");
        assertProblem("ha/./resources.cfg", "'.'");
    }

    @Test
    void rejectsNulWithItsPositionAndAnEscapedPath() {
        String problem = assertProblem("ha/res\0ources.cfg", "control character (0x0) at position 6");
        assertTrue(problem.contains("ha/res\\x00ources.cfg"), "the message shows the NUL escaped: " + problem);
        assertTrue(problem.indexOf('\0') < 0, "no raw NUL in the message: " + problem);
    }

    @Test
    void rejectsOtherControlCharacters() {
        assertProblem("a\nb", "control character (0xa)");
        assertProblem("a\tb", "control character (0x9)");
        assertProblem("a\rb", "control character (0xd)");
        assertProblem("\u001b[31m", "control character (0x1b)");
        assertProblem("del\u007f", "control character (0x7f)");
    }

    @Test
    void rejectsBackslash() {
        assertProblem("nodes\\n1", "backslash");
        assertProblem("\\", "backslash");
    }

    @Test
    void rejectsEmptySegments() {
        assertProblem("a//b", "empty segment");
        assertProblem("a/", "empty segment");
        assertProblem("ha/resources.cfg/", "empty segment");
    }

    @Test
    void rejectsUnpairedSurrogates() {
        assertProblem("a\uD83Db", "unpaired surrogate");
        assertProblem("a\uDE00", "unpaired surrogate");
    }

    @Test
    void limitsThePathTo4096Bytes() {
        String segment = "s".repeat(200);
        StringBuilder path = new StringBuilder(segment);
        while (path.length() + 1 + segment.length() <= TreePath.MAX_PATH_BYTES) {
            path.append('/').append(segment);
        }
        int rest = TreePath.MAX_PATH_BYTES - path.length() - 1;
        path.append('/').append("x".repeat(rest));
        assertEquals(TreePath.MAX_PATH_BYTES, path.length());
        assertEquals(Optional.empty(), TreePath.problem(path.toString()));
        assertProblem(path + "x", "longer than 4096 bytes");
    }

    @Test
    void countsThePathLimitInUtf8Bytes() {
        // 2,060 characters, but 4,100 bytes
        String path = ("é".repeat(100) + "/").repeat(20) + "é".repeat(40);
        assertTrue(path.length() < TreePath.MAX_PATH_BYTES);
        assertProblem(path, "longer than 4096 bytes");
    }

    @Test
    void limitsASegmentTo255Bytes() {
        assertEquals(Optional.empty(), TreePath.problem("nodes/" + "a".repeat(255)));
        assertProblem("nodes/" + "a".repeat(256), "segment longer than 255 bytes");
        // 128 two-byte characters are 256 bytes
        assertProblem("nodes/" + "é".repeat(128), "segment longer than 255 bytes");
        assertEquals(Optional.empty(), TreePath.problem("nodes/" + "é".repeat(127)));
    }

    @Test
    void prefixesMayBeEmptyOrEndInOneSlash() {
        assertEquals(Optional.empty(), TreePath.prefixProblem(""));
        assertEquals(Optional.empty(), TreePath.prefixProblem("nodes/"));
        assertEquals(Optional.empty(), TreePath.prefixProblem("nodes/n1"));
        assertTrue(TreePath.prefixProblem("nodes//").isPresent());
        assertTrue(TreePath.prefixProblem("/").isPresent());
        assertTrue(TreePath.prefixProblem("../").isPresent());
    }

    private static String assertProblem(String path, String expectedFragment) {
        Optional<String> problem = TreePath.problem(path);
        assertTrue(problem.isPresent(), "expected '" + path + "' to be rejected");
        assertTrue(problem.get().contains(expectedFragment),
                "problem for '" + path + "' should mention '" + expectedFragment + "': " + problem.get());
        return problem.get();
    }
}
