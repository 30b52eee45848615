package io.quorate.lab;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One simulated BMC (OpenIPMI's {@code ipmi_sim}) for a lab host, listening for IPMI-over-LAN on
 * 127.0.0.1. Its chassis control powers the host: off SIGKILLs the host's process group (a power
 * cut), on runs the host's start command detached. The host's process group id is kept in
 * {@code host.pgid}; the power state in {@code power}.
 */
public final class IpmiSimBmc implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

    private IpmiSimBmc(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /**
     * @param startHost shell command that starts the host detached and prints nothing; it must
     *                  write its process group id to {@code $BMC_DIR/host.pgid}
     */
    public static IpmiSimBmc start(Path dir, String name, String password, String startHost, boolean poweredOn)
            throws IOException, InterruptedException {
        return start(dir, name, password, startHost, poweredOn, "127.0.0.1");
    }

    /** As {@link #start(Path, String, String, String, boolean)}, listening on {@code listenAddress} (a lab's management address). */
    public static IpmiSimBmc start(Path dir, String name, String password, String startHost, boolean poweredOn, String listenAddress)
            throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("state"));
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName(listenAddress))) {
            port = probe.getLocalPort();
        }
        Path chassis = dir.resolve("chassis");
        Files.writeString(chassis, String.join("\n",
                "#!/bin/sh",
                "# ipmi_sim chassis control: get power | set power 0|1",
                "BMC_DIR='" + dir + "'; export BMC_DIR",
                "case \"$1 $2\" in",
                "  'get power') echo \"power:$(cat \"$BMC_DIR/power\" 2>/dev/null || echo 0)\" ;;",
                "  'set power')",
                "    if [ \"$3\" = 0 ]; then",
                "      [ -s \"$BMC_DIR/host.pgid\" ] && kill -9 -\"$(cat \"$BMC_DIR/host.pgid\")\" 2>/dev/null",
                "      echo 0 > \"$BMC_DIR/power\"",
                "    else",
                "      echo 1 > \"$BMC_DIR/power\"",
                "      (" + startHost + ") </dev/null >/dev/null 2>&1",
                "    fi ;;",
                "esac",
                "exit 0", ""));
        Files.setPosixFilePermissions(chassis, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(dir.resolve("power"), poweredOn ? "1\n" : "0\n");
        Files.writeString(dir.resolve("bmc.emu"), String.join("\n", "mc_setbmc 0x20",
                "mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr", "sel_enable 0x20 1000 0x0a",
                "mc_enable 0x20", ""));
        // lan.conf holds the BMC password: 0600 from the moment it exists
        Files.deleteIfExists(dir.resolve("lan.conf"));
        Files.createFile(dir.resolve("lan.conf"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(dir.resolve("lan.conf"), String.join("\n",
                "name \"" + name + "\"",
                "set_working_mc 0x20",
                "  startlan 1",
                "    addr " + listenAddress + " " + port,
                "    priv_limit admin",
                "    allowed_auths_callback none md2 md5 straight",
                "    allowed_auths_user none md2 md5 straight",
                "    allowed_auths_operator none md2 md5 straight",
                "    allowed_auths_admin none md2 md5 straight",
                "    guid a123456789abcdefa123456789abcdef",
                "  endlan",
                "  chassis_control \"" + chassis + "\"",
                "  user 2 true \"admin\" \"" + password + "\" admin 10 none md2 md5 straight", ""));
        if (poweredOn) {
            new ProcessBuilder("sh", "-c", "BMC_DIR='" + dir + "'; export BMC_DIR; (" + startHost + ") </dev/null >/dev/null 2>&1")
                    .start().waitFor(10, TimeUnit.SECONDS);
        }
        Process process = new ProcessBuilder(List.of("ipmi_sim", "-c", dir.resolve("lan.conf").toString(), "-f",
                dir.resolve("bmc.emu").toString(), "-s", dir.resolve("state").toString(), "-n"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("ipmi_sim.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        return new IpmiSimBmc(dir, port, process);
    }

    /** The ipmi_sim process, e.g. to record its pid for a lab that outlives this JVM. */
    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** The host's process group id, or -1 when it never started. */
    public long hostGroup() throws IOException {
        Path pgid = dir.resolve("host.pgid");
        return Files.exists(pgid) && !Files.readString(pgid).isBlank() ? Long.parseLong(Files.readString(pgid).strip()) : -1;
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        long group = hostGroup();
        if (group > 0) {
            try {
                new ProcessBuilder("kill", "-KILL", "--", "-" + group).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
