package io.quorate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the temporary directory trees the demo, benches and chaos labs make. */
public final class FileTrees {
    private FileTrees() {
    }

    /** Deletes {@code base} and everything under it, deepest first; a file that cannot go stays, silently. */
    public static void delete(Path base) throws IOException {
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
