package io.quorate.ha.fence;

import io.quorate.ha.config.IpmiFenceDevice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Hardware fencing over IPMI-over-LAN with ipmitool, as fence_ipmilan does: power the node off,
 * then read the power status back until the BMC reports it off — only that is proof. The password
 * is passed by file ({@code -f}), never on the command line. Blocking: run it on a worker.
 */
public final class IpmiFencer {
    /** What a fence attempt found: powered off (proved by a status read back), how long it took, why not. */
    public record Result(boolean poweredOff, long durationMs, int statusReads, String detail) {
    }

    /** One ipmitool call's exit code and output. */
    record Call(int exitCode, String output) {
    }

    private final Duration callTimeout;
    private final Duration offDeadline;
    private final Duration pollInterval;

    /**
     * @param callTimeout  one ipmitool call (each takes ~25 ms against a local BMC)
     * @param offDeadline  how long to read the status back before giving up on this attempt
     */
    public IpmiFencer(Duration callTimeout, Duration offDeadline) {
        this.callTimeout = callTimeout;
        this.offDeadline = offDeadline;
        this.pollInterval = Duration.ofMillis(200);
    }

    public Result powerOff(IpmiFenceDevice device) {
        long start = System.nanoTime();
        Call off = run(device, "chassis", "power", "off");
        if (off.exitCode() != 0) {
            return new Result(false, elapsedMs(start), 0, "power off failed: " + firstLine(off.output()));
        }
        int reads = 0;
        long deadline = start + offDeadline.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            Call status = run(device, "chassis", "power", "status");
            reads++;
            last = firstLine(status.output());
            if (status.exitCode() == 0 && last.toLowerCase(Locale.ROOT).contains("is off")) {
                return new Result(true, elapsedMs(start), reads, last);
            }
            try {
                Thread.sleep(pollInterval.toMillis()); // polling the BMC, as fence agents do
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Result(false, elapsedMs(start), reads, "power status not off within " + offDeadline.toMillis() + " ms: " + last);
    }

    /** {@code on}, {@code off}, or the reason the BMC could not be read. */
    public String powerStatus(IpmiFenceDevice device) {
        Call status = run(device, "chassis", "power", "status");
        String line = firstLine(status.output()).toLowerCase(Locale.ROOT);
        if (status.exitCode() == 0 && line.contains("is off")) {
            return "off";
        }
        if (status.exitCode() == 0 && line.contains("is on")) {
            return "on";
        }
        return "unknown: " + firstLine(status.output());
    }

    public boolean powerOn(IpmiFenceDevice device) {
        return run(device, "chassis", "power", "on").exitCode() == 0;
    }

    /** ipmitool's arguments for a device: interface, cipher, privilege, BMC, user, password file. */
    static List<String> argv(IpmiFenceDevice device, String... command) {
        List<String> argv = new ArrayList<>(List.of("ipmitool", "-I", device.ipmitoolInterface()));
        if (device.lanplus()) {
            argv.addAll(List.of("-C", Integer.toString(device.cipher())));
        }
        argv.addAll(List.of("-L", device.privilege().ipmitoolName(), "-H", device.ip(), "-p", Integer.toString(device.ipport()),
                "-U", device.username(), "-f", device.passwordFile().toString()));
        argv.addAll(List.of(command));
        return argv;
    }

    private Call run(IpmiFenceDevice device, String... command) {
        try {
            Process process = new ProcessBuilder(argv(device, command)).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(callTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Call(-1, "ipmitool did not answer within " + callTimeout.toMillis() + " ms");
            }
            return new Call(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Call(-1, "cannot run ipmitool: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Call(-1, "interrupted");
        }
    }

    private static String firstLine(String output) {
        String trimmed = output.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }

    private static long elapsedMs(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
