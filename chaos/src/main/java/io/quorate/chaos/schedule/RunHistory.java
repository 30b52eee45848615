package io.quorate.chaos.schedule;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The scheduler's state directory: {@code runs/<time>-<name>/} per run and the index
 * {@code history.jsonl} of finished runs, at most {@code keep} per experiment (older runs' directories
 * are deleted and their lines dropped).
 */
public final class RunHistory {
    public static final String INDEX = "history.jsonl";
    public static final String RUNS = "runs";
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path stateDir;

    public RunHistory(Path stateDir) {
        this.stateDir = stateDir;
    }

    public Path runsDir() {
        return stateDir.resolve(RUNS);
    }

    public Path index() {
        return stateDir.resolve(INDEX);
    }

    /** The entries, oldest first; a line that is not an entry is reported to {@code problems} and skipped. */
    public List<HistoryEntry> read(Consumer<String> problems) throws IOException {
        if (!Files.exists(index())) {
            return List.of();
        }
        List<HistoryEntry> entries = new ArrayList<>();
        List<String> lines = Files.readAllLines(index(), StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                entries.add(JSON.readValue(lines.get(i), HistoryEntry.class));
            } catch (IOException e) {
                problems.accept(index() + ": line " + (i + 1) + " is not a history entry: skipped");
            }
        }
        return entries;
    }

    /** Per experiment, the fire time of its last run. */
    public Map<String, ZonedDateTime> lastScheduled(Consumer<String> problems) throws IOException {
        Map<String, ZonedDateTime> last = new HashMap<>();
        for (HistoryEntry entry : read(problems)) {
            if (entry.scheduled() != null) {
                last.merge(entry.experiment(), ZonedDateTime.parse(entry.scheduled()), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        return last;
    }

    public void append(HistoryEntry entry) throws IOException {
        Files.createDirectories(stateDir);
        Files.writeString(index(), JSON.writeValueAsString(entry) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /**
     * Keeps the newest {@code keep} runs of {@code experiment}: deletes the directories of older ones and
     * rewrites the index without them (atomically).
     *
     * @return the run directories deleted
     */
    public List<Path> prune(String experiment, int keep, Consumer<String> problems) throws IOException {
        List<HistoryEntry> entries = read(problems);
        List<HistoryEntry> ofExperiment = entries.stream().filter(e -> e.experiment().equals(experiment)).toList();
        if (ofExperiment.size() <= keep) {
            return List.of();
        }
        List<HistoryEntry> dropped = ofExperiment.subList(0, ofExperiment.size() - keep);
        List<Path> deleted = new ArrayList<>();
        for (HistoryEntry entry : dropped) {
            Path dir = Path.of(entry.runDir());
            if (dir.toAbsolutePath().normalize().startsWith(runsDir().toAbsolutePath().normalize())) { // never delete outside runs/
                deleteTree(dir);
                deleted.add(dir);
            }
        }
        List<String> kept = new ArrayList<>();
        for (HistoryEntry entry : entries) {
            if (!dropped.contains(entry)) {
                kept.add(JSON.writeValueAsString(entry));
            }
        }
        Path temporary = stateDir.resolve(INDEX + ".tmp");
        Files.write(temporary, kept, StandardCharsets.UTF_8);
        Files.move(temporary, index(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return deleted;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
