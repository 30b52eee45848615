package io.quorate.configdb.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The files of a log directory: their names, listing them, and making directory changes durable. */
final class LogDirectory {
    static final String TEMP_SUFFIX = ".tmp";

    private static final Pattern SEGMENT = Pattern.compile("wal-(\\d{20})\\.log");
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d{20})\\.snap");

    /** Segments by ascending number, snapshots by descending index, and leftover temporary files. */
    record Listing(List<Path> segments, List<Path> snapshots, List<Path> temps) {
        boolean hasState() {
            return !segments.isEmpty() || !snapshots.isEmpty();
        }
    }

    private LogDirectory() {
    }

    static String segmentName(long number) {
        return String.format("wal-%020d.log", number);
    }

    static String snapshotName(long lastIndex) {
        return String.format("snapshot-%020d.snap", lastIndex);
    }

    static long segmentNumber(Path segment) {
        return number(SEGMENT, segment);
    }

    static long snapshotIndex(Path snapshot) {
        return number(SNAPSHOT, snapshot);
    }

    static Listing list(Path dir) throws IOException {
        List<Path> segments = new ArrayList<>();
        List<Path> snapshots = new ArrayList<>();
        List<Path> temps = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (SEGMENT.matcher(name).matches()) {
                    segments.add(file);
                } else if (SNAPSHOT.matcher(name).matches()) {
                    snapshots.add(file);
                } else if (name.endsWith(TEMP_SUFFIX) && (name.startsWith("wal-") || name.startsWith("snapshot-"))) {
                    temps.add(file);
                }
            }
        }
        segments.sort(Comparator.comparingLong(LogDirectory::segmentNumber));
        snapshots.sort(Comparator.comparingLong(LogDirectory::snapshotIndex).reversed());
        temps.sort(Comparator.naturalOrder());
        return new Listing(segments, snapshots, temps);
    }

    /** Makes creations, renames and deletions in {@code dir} durable. */
    static void fsync(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static long number(Pattern pattern, Path file) {
        Matcher matcher = pattern.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a log file name: " + file);
        }
        return Long.parseLong(matcher.group(1));
    }
}
