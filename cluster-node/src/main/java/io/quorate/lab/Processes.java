package io.quorate.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The lab's look at the machine's processes through /proc, and its one way of signalling them.
 * ProcessHandle's command line drops the arguments of a long one (a JVM with its class path), so the
 * arguments come from {@code /proc/PID/cmdline} itself.
 */
public final class Processes {
    private Processes() {
    }

    /** The process's arguments, empty when it is gone. */
    public static List<String> arguments(long pid) {
        try {
            String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
            return raw.isEmpty() ? List.of() : List.of(raw.split("\0"));
        } catch (IOException e) {
            return List.of(); // it went away
        }
    }

    /** The arguments joined by spaces, "" when it is gone. */
    public static String commandLine(long pid) {
        return String.join(" ", arguments(pid));
    }

    /** Every process on the machine but this one. */
    public static List<Long> all() throws IOException {
        List<Long> pids = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path entry : proc) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (pid != self) {
                    pids.add(pid);
                }
            }
        }
        return pids;
    }

    /** {@code kill -SIGNAL -- TARGET}: a pid, or {@code -PGID} for a whole process group; a target already gone is no error. */
    public static void signal(String signal, String target) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, "--", target).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
    }
}
