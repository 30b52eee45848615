package io.quorate.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --dir <node dir>}, defaulting to {@code $QUORATE_DIR}. */
public final class NodeDirOption {
    @Option(names = "--dir", description = "Node directory (default: $QUORATE_DIR).")
    Path dir;

    public Path path() {
        if (dir != null) {
            return dir;
        }
        String fromEnvironment = System.getenv("QUORATE_DIR");
        if (fromEnvironment == null || fromEnvironment.isBlank()) {
            throw new CliException("no node directory: pass --dir <dir> or set QUORATE_DIR", 2);
        }
        return Path.of(fromEnvironment);
    }
}
