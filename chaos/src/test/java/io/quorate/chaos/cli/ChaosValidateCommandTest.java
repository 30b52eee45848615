package io.quorate.chaos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ChaosValidateCommandTest {
    private static final String VALID = """
            title: Power cut
            target: {nodes: 3, guests: [vm:101]}
            steady-state-hypothesis:
              title: steady
              probes:
                - invariant: no_resource_on_two_nodes
                - promql: min(quorate_quorate)
                  tolerance: "== 1"
            method:
              - power: off
                target: {node-running: vm:101}
              - wait: 20s
              - heal: all
            slos:
              - recover vm:101 within 15s
            """;
    private static final String INVALID = """
            title: Broken
            target: {nodes: 3, guests: [vm:101]}
            steady-state-hypothesis: {title: s, probes: [{invariant: contiguous_sequences}]}
            method:
              - wait: 1s
              - wait: 2s
              - kill: node
                target: master
              - wiat: 1s
            """;

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new ChaosCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void validFileExitsZeroWithASummary() throws IOException {
        Path file = write("ok.yaml", VALID);
        Run run = run("validate", file.toString());
        assertEquals(0, run.exit, run.err);
        assertEquals(file + ": valid (\"Power cut\", 3 actions, 2 probes, SLOs: recover vm:101 within 15s)\n", run.out);
        assertEquals("", run.err);
    }

    @Test
    void invalidFileExitsOneWithOneLinePerError() throws IOException {
        Path file = write("bad.yaml", INVALID);
        Run run = run("validate", file.toString());
        assertEquals(1, run.exit);
        assertEquals(List.of(
                file + ": method[2].target: unknown selector 'master' (node: NAME, node-running: SID, crm-master, random)",
                file + ": method[3].wiat: unknown key, did you mean 'wait'?"), run.out.lines().toList());
    }

    @Test
    void oneInvalidAmongSeveralMakesTheExitOne() throws IOException {
        Path ok = write("a.yaml", VALID);
        Path bad = write("b.yaml", INVALID);
        Run run = run("validate", ok.toString(), bad.toString());
        assertEquals(1, run.exit);
        List<String> lines = run.out.lines().toList();
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith(ok + ": valid ("));
        assertTrue(lines.get(1).startsWith(bad + ": method[2].target: "));
    }

    @Test
    void missingFileIsAUsageErrorNamingIt() throws IOException {
        Path ok = write("a.yaml", VALID);
        Path missing = dir.resolve("nope.yaml");
        Run run = run("validate", ok.toString(), missing.toString());
        assertEquals(2, run.exit);
        assertEquals("quorate chaos validate: " + missing + ": no such file\n", run.err);
        assertEquals("", run.out, "nothing is validated on a usage error");
    }

    @Test
    void noArgumentsOrAnUnknownOptionIsAUsageError() {
        assertEquals(2, run("validate").exit);
        assertEquals(2, run("validate", "--bogus", "x.yaml").exit);
        assertEquals(2, run("validate", "--output-format", "xml", "x.yaml").exit);
    }

    @Test
    void aDirectoryStandsForItsYamlFiles() throws IOException {
        write("b.yaml", VALID);
        write("a.yml", VALID);
        write("notes.txt", "not an experiment");
        Run run = run("validate", dir.toString());
        assertEquals(0, run.exit, run.err);
        List<String> lines = run.out.lines().toList();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith(dir.resolve("a.yml") + ": valid"));
        assertTrue(lines.get(1).startsWith(dir.resolve("b.yaml") + ": valid"));

        Path empty = Files.createDirectory(dir.resolve("empty"));
        Run none = run("validate", empty.toString());
        assertEquals(2, none.exit);
        assertTrue(none.err.contains(empty + ": no experiment files"), none.err);
    }

    @Test
    void yamlSyntaxErrorsCarryLineAndColumn() throws IOException {
        Path file = write("syntax.yaml", "title: x\ntarget:\n  nodes: 3\n    guests: [vm:101]\n");
        Run run = run("validate", file.toString());
        assertEquals(1, run.exit);
        assertEquals(file + ": line 4, column 11: YAML syntax error: mapping values are not allowed here\n", run.out);
    }

    @Test
    void jsonOutputIsAnArrayOfFileValidErrors() throws IOException {
        Path ok = write("a.yaml", VALID);
        Path bad = write("b.yaml", INVALID);
        Path syntax = write("c.yaml", "a: [\n");
        Run run = run("validate", "--output-format", "json", ok.toString(), bad.toString(), syntax.toString());
        assertEquals(1, run.exit);
        JsonNode array = new ObjectMapper().readTree(run.out);
        assertEquals(3, array.size());
        assertEquals(ok.toString(), array.get(0).get("file").asText());
        assertTrue(array.get(0).get("valid").asBoolean());
        assertEquals(0, array.get(0).get("errors").size());
        assertEquals("Power cut", array.get(0).get("title").asText());
        assertEquals("recover vm:101 within 15s", array.get(0).get("slos").get(0).asText());
        assertEquals(false, array.get(1).get("valid").asBoolean());
        assertEquals("method[2].target", array.get(1).get("errors").get(0).get("field").asText());
        assertEquals("unknown selector 'master' (node: NAME, node-running: SID, crm-master, random)",
                array.get(1).get("errors").get(0).get("message").asText());
        JsonNode syntaxError = array.get(2).get("errors").get(0);
        assertEquals("", syntaxError.get("field").asText());
        assertEquals(2, syntaxError.get("line").asInt());
        assertTrue(syntaxError.get("column").asInt() >= 1);
    }

    @Test
    void jsonOutputOfAllValidExitsZero() throws IOException {
        Path ok = write("a.yaml", VALID);
        Run run = run("validate", "--output-format=json", ok.toString());
        assertEquals(0, run.exit);
        assertTrue(new ObjectMapper().readTree(run.out).get(0).get("valid").asBoolean());
    }

    @Test
    void theShippedExperimentsValidateThroughTheCommand() {
        Path shipped = Path.of(System.getProperty("quorate.chaos.experiments", "experiments"));
        Run run = run("validate", shipped.toString());
        assertEquals(0, run.exit, run.out + run.err);
        assertEquals(8, run.out.lines().filter(l -> l.contains(": valid (")).count(), run.out);
    }

    @Test
    void helpListsTheSubcommand() {
        Run run = run("--help");
        assertEquals(0, run.exit);
        assertTrue(run.out.contains("validate"), run.out);
    }
}
