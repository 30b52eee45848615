package io.quorate.ha.watchdog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A guest run by the supervisor in a process group of its own, tied to the supervisor: the guest
 * runs under a small shell that waits on a pipe from the supervisor and kills its whole group when
 * the pipe closes. So if the supervisor dies (kill -9 included), its guests die with it — without
 * native calls such as {@code PR_SET_PDEATHSIG}.
 */
final class GuestProcess {
    /**
     * {@code setsid} puts the shell in a new process group (its pid is the group id). The guest runs
     * in the background with stdin /dev/null; a watcher subshell reads the supervisor's pipe (fd 3,
     * explicitly: a background job's stdin would be /dev/null) and kills the whole group when it
     * closes. The shell itself waits for the guest, so it exits when the guest does.
     */
    private static final String TIE = "exec 3<&0; \"$@\" </dev/null & g=$!; (read -r _ <&3; kill -9 -$$) & wait $g";

    private final String sid;
    private final Process wrapper;
    private final OutputStream tie;

    private GuestProcess(String sid, Process wrapper) {
        this.sid = sid;
        this.wrapper = wrapper;
        this.tie = wrapper.getOutputStream();
    }

    static GuestProcess start(String sid, List<String> command, Path log) throws IOException {
        List<String> argv = new ArrayList<>(List.of("setsid", "sh", "-c", TIE, "quorate-guest-" + sid));
        argv.addAll(command);
        Process process = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new GuestProcess(sid, process);
    }

    String sid() {
        return sid;
    }

    /** The group id (the shell's pid, leader of its own group through setsid). */
    long groupId() {
        return wrapper.pid();
    }

    boolean isAlive() {
        return wrapper.isAlive();
    }

    /** SIGKILL to the whole group: the watchdog's reset, or a hard stop. */
    void kill() {
        signalGroup("KILL");
        try {
            tie.close();
        } catch (IOException e) {
            // the group is gone already
        }
        try {
            wrapper.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM to the group, SIGKILL after {@code graceMs}. */
    void stop(long graceMs) {
        signalGroup("TERM");
        try {
            if (!wrapper.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    private void signalGroup(String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, "--", "-" + groupId()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            wrapper.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
