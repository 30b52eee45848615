package io.quorate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NodeCommandOptionsTest {
    private static String help(String... command) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        assertEquals(0, commandLine.execute(command));
        return out.toString();
    }

    @Test
    void theUnsafeRecoverySwitchIsAcceptedButNotAdvertised() {
        assertFalse(help("node", "run", "--help").contains("unsafe"), "hidden from --help");
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs("node", "run", "--dir", "/tmp/x", "--unsafe-recover-without-fencing");
        assertTrue(parsed.subcommand().subcommand().hasMatchedOption("--unsafe-recover-without-fencing"));
    }

    @Test
    void faultsTakeSignedClockOffsetsAndPlainDurations() {
        assertTrue(help("node", "faults", "--help").contains("--clock-offset"));
        SignedDurationMillisConverter offset = new SignedDurationMillisConverter();
        assertEquals(-2000L, offset.convert("-2s"));
        assertEquals(3000L, offset.convert("+3s"));
        assertEquals(250L, offset.convert("250ms"));
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs("node", "faults", "--clock-offset", "-2s", "--latency", "200ms");
        NodeFaultsCommand command = (NodeFaultsCommand) parsed.subcommand().subcommand().commandSpec().userObject();
        assertEquals(-2000L, command.clockOffsetMs);
        assertEquals(200L, command.latencyMs);
    }
}
