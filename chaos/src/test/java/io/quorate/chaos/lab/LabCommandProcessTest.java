package io.quorate.chaos.lab;

import io.quorate.cli.InProcessCli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.runtime.Poll;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quorate lab up|status|down} as a user runs them: a lab that outlives the command that built it,
 * a second {@code up} refused, and {@code down} leaving no namespace, process, owner record or file.
 */
class LabCommandProcessTest {
    @TempDir
    Path base;

    private Path dir;

    @AfterEach
    void removeWhateverIsLeft() {
        if (dir != null && Files.exists(dir.resolve(LabState.FILE))) {
            ChaosLab.down(dir);
        }
    }

    @Test
    void upStatusDownLeavesNothingBehind() throws Exception {
        LabRequirement.require();
        dir = base.resolve("lab");
        InProcessCli.Result up = InProcessCli.run("lab", "up", "--dir", dir.toString(), "--nodes", "3", "--no-prometheus",
                "--output-format", "json");
        assertEquals(0, up.exitCode(), up.reason());
        JsonObject state = new JsonObject(up.out());
        String prefix = state.getJsonObject("network").getString("prefix");
        assertEquals(3, state.getJsonArray("nodes").size());
        assertTrue(state.getString("kafka").startsWith(state.getString("managementObserver") + ":"),
                "the broker listens on the management network: " + state.getString("kafka"));

        InProcessCli.Result again = InProcessCli.run("lab", "up", "--dir", dir.toString());
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("a lab already runs in"), again.err());

        assertTrue(Poll.until(Duration.ofSeconds(60), Duration.ofMillis(500),
                () -> InProcessCli.run("lab", "status", "--dir", dir.toString()).exitCode() == 0),
                () -> InProcessCli.run("lab", "status", "--dir", dir.toString()).out());
        JsonObject status = new JsonObject(InProcessCli.run("lab", "status", "--dir", dir.toString(), "--output-format", "json").out());
        assertTrue(status.getBoolean("healthy"), status.encodePrettily());
        status.getJsonArray("nodes").forEach(n -> assertEquals("on", ((JsonObject) n).getString("power"), "BMC read over IPMI: " + n));
        InProcessCli.Result ha = InProcessCli.run("ha", "status", "--dir", dir.resolve("n1").toString());
        assertTrue(ha.out().contains("service vm:101 ("), ha.out());

        // a run killed with a partition in force left it in the lab's journal: the next run heals it first
        io.quorate.lab.NetnsLab network = io.quorate.lab.NetnsLab.attach(LabState.read(dir).network());
        try (io.quorate.chaos.run.Journal journal = io.quorate.chaos.run.Journal.open(dir)) {
            journal.runStarted("killed-run");
            journal.applying(new io.quorate.chaos.run.FaultRecord(1, "split", "partition", "partition n1|n2", List.of("n1", "n2"),
                    new io.quorate.chaos.run.FaultRecord.Heal(io.quorate.chaos.run.FaultRecord.HealKind.UNCUT,
                            List.of(List.of("n1", "n2"), List.of("n2", "n1")), null)));
        }
        network.cutBoth(1, 2);
        Path experiment = Path.of(System.getProperty("quorate.chaos.test-experiments")).resolve("loss-short.yaml");
        InProcessCli.Result run = InProcessCli.run("chaos", "run", experiment.toString(), "--lab", dir.toString(), "--output",
                base.resolve("run").toString());
        assertTrue(run.out().contains("healing a fault an earlier run left in force: partition n1|n2 (run killed-run)"), run.out());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals(List.of(), io.quorate.chaos.run.Journal.unhealed(dir, problem -> { }), "every fault in the journal is healed");

        InProcessCli.Result down = InProcessCli.run("lab", "down", "--dir", dir.toString());
        assertEquals(0, down.exitCode(), down.reason());
        assertFalse(Files.exists(dir), "lab down deletes the files it made");
        assertEquals(List.of(), LeftBehind.of(prefix, dir));
    }

    @Test
    void aDirectoryThatHoldsSomethingElseIsRefused() throws Exception {
        LabRequirement.require();
        Path other = base.resolve("busy");
        Files.createDirectories(other);
        Files.writeString(other.resolve("notes.txt"), "mine");
        InProcessCli.Result up = InProcessCli.run("lab", "up", "--dir", other.toString());
        assertEquals(1, up.exitCode());
        assertTrue(up.err().contains("is not empty"), up.err());
        assertEquals("mine", Files.readString(other.resolve("notes.txt")), "nothing already there is lost");
    }

    @Test
    void statusAndDownOfADirectoryWithoutALabSayWhatToDo() {
        InProcessCli.Result status = InProcessCli.run("lab", "status", "--dir", base.resolve("nothing").toString());
        assertEquals(1, status.exitCode());
        assertTrue(status.err().contains("no lab in") && status.err().contains("quorate lab up"), status.err());
        InProcessCli.Result noDir = InProcessCli.run("lab", "down");
        assertTrue(noDir.exitCode() != 0 && noDir.err().contains("--dir"), noDir.err());
    }
}
