package io.quorate.chaos.experiment;

import java.nio.file.Path;

/** An experiment's short name: its file name without {@code .yaml}/{@code .yml}, as metrics, events and the scheduler name it. */
public final class ExperimentNames {
    private ExperimentNames() {
    }

    public static String of(Path file) {
        return file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    }
}
