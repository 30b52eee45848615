package io.quorate.events.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/events.md} is generated from the event records; this fails when it is out of date.
 * Regenerate with {@value #REGENERATE}.
 */
class EventCatalogTest {
    static final String REGENERATE = "./mvnw -o -q -pl event-bus test -Dtest=EventCatalogTest -Dquorate.events.docs=write";
    private static final Path DOC = Path.of(System.getProperty("basedir", ".")).resolve("../docs/events.md").normalize();

    private final EventCatalog catalog = new EventCatalog();

    @Test
    void everyFamilyTypeAndFieldIsDescribed() {
        assertEquals(List.of(), catalog.missing(), "add these to " + EventCatalog.DESCRIPTIONS);
    }

    @Test
    void noDescriptionIsLeftOverFromARemovedRecordOrField() {
        assertEquals(List.of(), catalog.stale(), "remove these from " + EventCatalog.DESCRIPTIONS);
    }

    @Test
    void docsEventsMdIsUpToDate() throws IOException {
        String generated = catalog.markdown();
        if ("write".equals(System.getProperty("quorate.events.docs"))) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        String current = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
        assertEquals(generated, current, DOC + " is out of date with the event records; regenerate it with: " + REGENERATE);
    }
}
