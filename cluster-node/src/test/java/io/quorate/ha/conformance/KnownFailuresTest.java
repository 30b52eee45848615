package io.quorate.ha.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownFailuresTest {

    @Test
    void theCommittedFileLoadsAndEveryEntryHasAReason() throws URISyntaxException {
        URL url = getClass().getClassLoader().getResource(KnownFailures.RESOURCE);
        assertNotNull(url, KnownFailures.RESOURCE + " on the test classpath");
        KnownFailures known = KnownFailures.load(Path.of(url.toURI()));
        // the goal is an empty list; ProxmoxConformanceTest keeps it honest (no stale entries)
        known.entries().forEach((name, reason) -> assertTrue(name.startsWith("test-") && !reason.isBlank(), name));
    }

    @Test
    void entriesWithReasons(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("known-failures.txt");
        Files.writeString(file, "# header\n\ntest-a   needs the static scheduler\n  # indented comment\ntest-b x\n");
        KnownFailures known = KnownFailures.load(file);
        assertEquals(Map.of("test-a", "needs the static scheduler", "test-b", "x"), known.entries());
        assertTrue(known.contains("test-a"));
        assertFalse(known.contains("test-c"));
        assertEquals(Optional.of("needs the static scheduler"), known.reason("test-a"));
    }

    @Test
    void badEntriesNameFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("known-failures.txt");
        Files.writeString(file, "# header\ntest-a\n");
        CaseFormatException e = assertThrows(CaseFormatException.class, () -> KnownFailures.load(file));
        assertEquals(file + ":2: expected '<case-name> <reason...>', got 'test-a' (a reason is required)", e.getMessage());

        Files.writeString(file, "test-a one\ntest-a two\n");
        e = assertThrows(CaseFormatException.class, () -> KnownFailures.load(file));
        assertEquals(file + ":2: case 'test-a' listed twice", e.getMessage());

        e = assertThrows(CaseFormatException.class, () -> KnownFailures.load(dir.resolve("absent.txt")));
        assertEquals(dir.resolve("absent.txt") + ": missing known-failures file", e.getMessage());
    }
}
