package io.quorate.ha.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where Proxmox's HA regression cases live. They stay outside the repository, in
 * {@code ../shared/pve-ha-tests} beside the repository root; the system property
 * {@value #DIR_PROPERTY} points elsewhere.
 */
public final class ProxmoxCases {

    /** System property naming the cases directory, overriding the default location. */
    public static final String DIR_PROPERTY = "quorate.pveHaTests";

    private ProxmoxCases() {
    }

    /**
     * The cases directory: {@value #DIR_PROPERTY} if set, else {@code ../shared/pve-ha-tests} next to
     * the repository root, the nearest directory at or above {@code user.dir} whose {@code pom.xml}
     * has {@code <modules>}. The path may not exist; callers decide whether that is a failure.
     */
    public static Path defaultDir() {
        String override = System.getProperty(DIR_PROPERTY);
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath().normalize();
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        Path root = repositoryRoot(start).orElse(start);
        return root.resolve("../shared/pve-ha-tests").normalize();
    }

    /** The nearest directory at or above {@code start} holding a multi-module (aggregator) {@code pom.xml}. */
    public static Optional<Path> repositoryRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom)) {
                try {
                    if (Files.readString(pom, StandardCharsets.UTF_8).contains("<modules>")) {
                        return Optional.of(dir);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + pom, e);
                }
            }
        }
        return Optional.empty();
    }

    /** The case directories under {@code root} (those holding a {@code log.expect}), sorted by name. */
    public static List<Path> caseDirs(Path root) {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(Files::isDirectory)
                    .filter(d -> Files.isRegularFile(d.resolve(ProxmoxCase.LOG_EXPECT)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }
}
