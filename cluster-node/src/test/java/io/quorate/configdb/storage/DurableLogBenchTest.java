package io.quorate.configdb.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quorate.protocol.Blob;
import io.quorate.protocol.LogEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints append throughput (1 KiB entries) at 1 and 100 entries per sync; asserts only that the
 * entries come back. Runs with {@code -Dquorate.bench=true}.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "quorate.bench", matches = "true")
class DurableLogBenchTest {
    @TempDir
    Path dir;

    @Test
    void throughput() throws Exception {
        measure(dir.resolve("warmup"), 1, 500);
        measure(dir.resolve("warmup100"), 100, 5_000);
        measure(dir.resolve("one"), 1, 3_000);
        measure(dir.resolve("hundred"), 100, 50_000);
    }

    private static void measure(Path dir, int perSync, int total) throws Exception {
        Random random = new Random(1);
        byte[] command = new byte[1024];
        random.nextBytes(command);
        Blob blob = Blob.wrap(command);
        long start;
        long elapsed;
        try (DurableLog log = DurableLog.open(dir, true)) {
            start = System.nanoTime();
            List<LogEntry> batch = new ArrayList<>(perSync);
            for (long index = 1; index <= total; index++) {
                batch.add(new LogEntry(1, index, blob));
                if (batch.size() == perSync) {
                    log.append(batch);
                    log.sync();
                    batch.clear();
                }
            }
            elapsed = System.nanoTime() - start;
        }
        System.out.printf("%s: %d entries of 1 KiB, %d per sync: %.0f entries/s, %.3f ms per sync%n", dir.getFileName(), total,
                perSync, total / (elapsed / 1e9), elapsed / 1e6 / (total / perSync));
        try (DurableLog log = DurableLog.open(dir, false)) {
            assertEquals(total, log.recovered().entries().size());
        }
    }
}
