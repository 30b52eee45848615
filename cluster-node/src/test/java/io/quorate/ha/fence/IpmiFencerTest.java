package io.quorate.ha.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.ha.config.IpmiFenceDevice;
import io.quorate.ha.config.IpmiPrivilege;
import io.quorate.it.Await;
import io.quorate.it.ToolRequirement;
import io.quorate.lab.IpmiSimBmc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fencing over real IPMI-over-LAN: ipmitool against OpenIPMI's ipmi_sim, whose chassis control
 * kills the simulated host's process group on power off. Needs ipmitool and ipmi_sim (Debian
 * ipmitool, openipmi): under CI=true their absence fails the test, elsewhere it is skipped.
 */
class IpmiFencerTest {
    private static final String PASSWORD = "s3cret-bmc";
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private IpmiSimBmc bmc;
    private IpmiFenceDevice device;
    private final IpmiFencer fencer = new IpmiFencer(Duration.ofSeconds(5), Duration.ofSeconds(10));

    @BeforeEach
    void startBmc() throws Exception {
        ToolRequirement.requireIpmi();
        String host = "setsid sh -c 'echo $$ > \"$BMC_DIR/host.pgid\"; exec sleep 6401' &";
        bmc = IpmiSimBmc.start(dir.resolve("bmc"), "bmc-node1", PASSWORD, host, true);
        Path passwordFile = dir.resolve("bmc-node1.pw");
        Files.writeString(passwordFile, PASSWORD + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        device = new IpmiFenceDevice("node1", "127.0.0.1", bmc.port(), "admin", passwordFile, true, 3,
                IpmiPrivilege.ADMINISTRATOR, Optional.empty());
        Await.until(LIMIT, () -> fencer.powerStatus(device).equals("on"), () -> "BMC status " + fencer.powerStatus(device));
        Await.until(LIMIT, () -> hostRunning(), () -> "host did not start");
    }

    @AfterEach
    void stopBmc() throws Exception {
        if (bmc != null) {
            bmc.close();
        }
    }

    @Test
    void powerOffIsProvedByTheStatusReadBackAndKillsTheHost() throws Exception {
        IpmiFencer.Result result = fencer.powerOff(device);
        assertTrue(result.poweredOff(), result.toString());
        assertTrue(result.statusReads() >= 1, "off is read back, not assumed");
        assertEquals("off", fencer.powerStatus(device));
        Await.until(LIMIT, () -> !hostRunning(), () -> "the host survived its power cut");
        System.out.printf("fence over IPMI: power off proved in %d ms (%d status reads)%n", result.durationMs(), result.statusReads());

        assertTrue(fencer.powerOn(device));
        Await.until(LIMIT, () -> hostRunning(), () -> "power on did not start the host");
        assertEquals("on", fencer.powerStatus(device));
    }

    @Test
    void aWrongPasswordFailsTheFenceAndNothingIsPoweredOff() throws Exception {
        Path wrong = dir.resolve("wrong.pw");
        Files.writeString(wrong, "not-it\n");
        IpmiFenceDevice badDevice = new IpmiFenceDevice("node1", "127.0.0.1", bmc.port(), "admin", wrong, true, 3,
                IpmiPrivilege.ADMINISTRATOR, Optional.empty());
        IpmiFencer.Result result = new IpmiFencer(Duration.ofSeconds(5), Duration.ofSeconds(2)).powerOff(badDevice);
        assertFalse(result.poweredOff(), result.toString());
        assertFalse(result.detail().contains("not-it"), "the password never shows: " + result.detail());
        assertTrue(hostRunning(), "a failed fence changes nothing");
    }

    @Test
    void thePasswordIsPassedByFileNeverOnTheCommandLine() {
        List<String> argv = IpmiFencer.argv(device, "chassis", "power", "off");
        assertFalse(String.join(" ", argv).contains(PASSWORD), argv.toString());
        assertTrue(argv.containsAll(List.of("-I", "lanplus", "-C", "3", "-f")), argv.toString());
    }

    private static boolean hostRunning() {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().map(c -> c.endsWith("sleep 6401")).orElse(false));
    }
}
