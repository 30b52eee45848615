package io.quorate.chaos.run;

import io.quorate.chaos.lab.ChaosLab;
import io.quorate.chaos.lab.LabState;
import io.quorate.lab.Processes;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

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
        try {
            for (long pid : Processes.all()) {
                List<String> arguments = Processes.arguments(pid);
                if (arguments.contains(MARK + sid)) {
                    Optional<String> node = nodeOf(lab, arguments);
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
        Processes.signal(signal, "-" + guest.group());
    }

    /**
     * The node whose guest address the guest listens on ({@code --listen HOST:PORT} on its command line):
     * lab addresses are unique on the machine, node names are not.
     */
    private static Optional<String> nodeOf(ChaosLab lab, List<String> words) {
        int listen = words.indexOf("--listen");
        if (listen < 0 || listen + 1 >= words.size()) {
            return Optional.empty();
        }
        String host = words.get(listen + 1).substring(0, Math.max(0, words.get(listen + 1).lastIndexOf(':')));
        return lab.state().nodes().stream().filter(n -> n.guestHost().equals(host)).map(LabState.Node::name).findFirst();
    }
}
