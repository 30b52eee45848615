package io.quorate.chaos.run;

import io.quorate.chaos.lab.ChaosLab;
import io.quorate.chaos.lab.LabState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds a process guest in a lab: the supervisor runs each guest under a shell named
 * {@code quorate-guest-<sid>} that leads the guest's process group; the namespace it runs in names
 * the node (so guests of other labs on the machine are not mistaken for this one's).
 */
final class GuestProcesses {
    private static final String MARK = "quorate-guest-";

    /** A guest's process group and the node it runs on. */
    record Found(String sid, String node, long group) {
    }

    private GuestProcesses() {
    }

    static Optional<Found> find(ChaosLab lab, String sid) {
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path entry : proc) {
                String command = commandLine(entry);
                if (command.contains(MARK + sid + "\0") || command.endsWith(MARK + sid)) {
                    long pid = Long.parseLong(entry.getFileName().toString());
                    Optional<String> node = nodeOf(lab, pid);
                    if (node.isPresent()) {
                        return Optional.of(new Found(sid, node.get(), pid));
                    }
                }
            }
        } catch (IOException e) {
            throw new FaultException("cannot list /proc: " + e.getMessage(), e);
        }
        return Optional.empty();
    }

    static void signal(Found guest, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, "--", "-" + guest.group()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
    }

    private static String commandLine(Path procEntry) {
        try {
            return new String(Files.readAllBytes(procEntry.resolve("cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // the process went away
        }
    }

    private static Optional<String> nodeOf(ChaosLab lab, long pid) {
        try {
            Process identify = new ProcessBuilder("ip", "netns", "identify", Long.toString(pid)).redirectErrorStream(true).start();
            String namespace = new String(identify.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            identify.waitFor(5, TimeUnit.SECONDS);
            return lab.state().nodes().stream().filter(n -> n.namespace().equals(namespace)).map(LabState.Node::name).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
