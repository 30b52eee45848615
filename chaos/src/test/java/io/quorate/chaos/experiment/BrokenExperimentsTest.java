package io.quorate.chaos.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: every {@code src/test/resources/broken/NAME.yaml} must produce exactly the error lines in
 * {@code NAME.errors}. After a deliberate change to the messages, regenerate them with
 * {@code ../mvnw -o -q verify -Dquorate.chaos.rewrite=true} and review the diff.
 */
class BrokenExperimentsTest {
    private static final Path DIR = Path.of(System.getProperty("quorate.chaos.broken", "src/test/resources/broken"));
    private static final boolean REWRITE = Boolean.getBoolean("quorate.chaos.rewrite");

    @TestFactory
    Stream<DynamicTest> everyBrokenFileGivesItsGoldenErrors() throws IOException {
        List<Path> files = brokenFiles();
        assertTrue(files.size() >= 15, "broken files found in " + DIR.toAbsolutePath());
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            ValidationResult result = ExperimentValidator.validate(file);
            assertFalse(result.valid(), file + " should be invalid");
            String actual = result.errors().stream().map(ValidationError::toString).collect(Collectors.joining("\n")) + "\n";
            Path golden = Path.of(file.toString().replaceFirst("\\.yaml$", ".errors"));
            if (REWRITE) {
                Files.writeString(golden, actual, StandardCharsets.UTF_8);
            }
            assertTrue(Files.exists(golden), golden + " is missing: write it with -Dquorate.chaos.rewrite=true and review it");
            assertEquals(Files.readString(golden), actual, "errors of " + file + " (rewrite with -Dquorate.chaos.rewrite=true)");
        }));
    }

    @Test
    void everyFieldErrorNamesItsField() throws IOException {
        for (Path file : brokenFiles()) {
            for (ValidationError error : ExperimentValidator.validate(file).errors()) {
                boolean fileLevel = error.line() > 0 || error.message().startsWith("the file is empty")
                        || error.message().startsWith("expected a mapping of experiment fields");
                assertTrue(fileLevel || !error.field().isEmpty(), file + ": " + error + " names no field");
                assertTrue(error.field().isEmpty() || error.field().matches("[a-z][a-zA-Z0-9_\\-]*(\\[\\d+]|\\.[a-zA-Z0-9_\\-]+)*"),
                        file + ": odd field path " + error.field());
            }
        }
    }

    private static List<Path> brokenFiles() throws IOException {
        try (Stream<Path> list = Files.list(DIR)) {
            return list.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
        }
    }
}
