package io.quorate.chaos.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.chaos.run.FaultRecord.Heal;
import io.quorate.chaos.run.FaultRecord.HealKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    private static FaultRecord partition(int id) {
        return new FaultRecord(id, "split", "partition", "partition isolate", List.of("n1", "n2"),
                new Heal(HealKind.UNCUT, List.of(List.of("n1", "n2"), List.of("n2", "n1")), null));
    }

    @Test
    void whatWasAnnouncedAndNeverHealedIsLeftInForce() throws Exception {
        try (Journal journal = Journal.open(dir)) {
            journal.runStarted("run-a");
            journal.applying(partition(1));
            journal.healed(partition(1));
            journal.applying(partition(2));
            journal.failed(partition(2), "nft: no such table");
            journal.runStarted("run-b");
            journal.applying(partition(1)); // same id, another run: a separate fault
        }
        List<Journal.Unhealed> open = Journal.unhealed(dir, problem -> { });
        assertEquals(List.of(new Journal.Unhealed("run-a", partition(2)), new Journal.Unhealed("run-b", partition(1))), open,
                "run-a's #2 (failed counts: it may be half applied) and run-b's #1");
        assertEquals(List.of(List.of("n1", "n2"), List.of("n2", "n1")), open.get(0).fault().heal().cuts());

        try (Journal later = Journal.open(dir)) {
            later.runStarted("run-c");
            later.healed(open.get(0)); // healed by a later run, under the run that applied it
        }
        assertEquals(List.of(new Journal.Unhealed("run-b", partition(1))), Journal.unhealed(dir, problem -> { }));
    }

    @Test
    void aTornLineIsReportedAndSkippedAndTheRestIsKept() throws Exception {
        try (Journal journal = Journal.open(dir)) {
            journal.runStarted("run-a");
            journal.applying(partition(1));
        }
        Files.writeString(dir.resolve(Journal.FILE), "{\"op\":\"applying\",\"fau", StandardOpenOption.APPEND);
        try (Journal next = Journal.open(dir)) {
            next.runStarted("run-b"); // must not be glued to the torn line
            next.applying(partition(7));
        }
        List<String> problems = new ArrayList<>();
        assertEquals(List.of(new Journal.Unhealed("run-a", partition(1)), new Journal.Unhealed("run-b", partition(7))),
                Journal.unhealed(dir, problems::add));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("line 3") && problems.get(0).contains("not a journal entry"), problems.get(0));
    }

    @Test
    void noJournalMeansNothingInForce() throws Exception {
        assertEquals(List.of(), Journal.unhealed(dir, problem -> { }));
    }
}
