package io.quorate.events.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/** Names and lists segment files: {@code 00000000000000000001.seg}, numbered from 1. */
final class SegmentFiles {
    static final String SUFFIX = ".seg";

    private SegmentFiles() {
    }

    static String name(long segment) {
        return String.format("%020d", segment) + SUFFIX;
    }

    static Path path(Path dir, long segment) {
        return dir.resolve(name(segment));
    }

    /** Segment numbers present in {@code dir}, ascending. */
    static List<Long> list(Path dir) throws IOException {
        List<Long> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.length() == 20 + SUFFIX.length() && name.endsWith(SUFFIX)) {
                    try {
                        segments.add(Long.parseLong(name.substring(0, 20)));
                    } catch (NumberFormatException e) {
                        // not ours: leave it alone
                    }
                }
            }
        }
        Collections.sort(segments);
        return segments;
    }

    /** Makes a created, renamed or deleted file name durable (the file's own fsync does not). */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
