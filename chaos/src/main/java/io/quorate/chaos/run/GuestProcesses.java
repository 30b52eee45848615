package io.quorate.chaos.run;

import io.quorate.chaos.lab.ChaosLab;
import io.quorate.chaos.lab.LabState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds a process guest in a lab: the supervisor runs each guest under a shell named
 * {@code quorate-guest-<sid>} that leads the guest's process group; the address it listens on names
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
                    Optional<String> node = nodeOf(lab, command);
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

    /**
     * The node whose guest address the guest listens on ({@code --listen HOST:PORT} on its command line):
     * lab addresses are unique on the machine, node names are not.
     */
    private static Optional<String> nodeOf(ChaosLab lab, String command) {
        List<String> words = List.of(command.split("\0"));
        int listen = words.indexOf("--listen");
        if (listen < 0 || listen + 1 >= words.size()) {
            return Optional.empty();
        }
        String host = words.get(listen + 1).substring(0, Math.max(0, words.get(listen + 1).lastIndexOf(':')));
        return lab.state().nodes().stream().filter(n -> n.guestHost().equals(host)).map(LabState.Node::name).findFirst();
    }
}
