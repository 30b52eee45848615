package io.quorate.observability;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository, found from the test's working directory (the module, or the root). */
final class Repo {
    static final Path ROOT = findRoot();
    static final Path ALERTS = ROOT.resolve("alerts");
    static final Path RULES = ALERTS.resolve("quorate.rules.yml");
    static final Path ALERTMANAGER = ALERTS.resolve("alertmanager.yml");
    static final Path DASHBOARDS = ROOT.resolve("dashboards");
    static final Path RUNBOOKS = ROOT.resolve("docs/runbooks");
    static final Path METRICS_DOC = ROOT.resolve("docs/metrics.md");

    private Repo() {
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("docs/metrics.md")) && Files.isDirectory(candidate.resolve("alerts"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root (docs/metrics.md and alerts/) above " + dir);
    }
}
