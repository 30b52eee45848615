package io.quorate.lab;

import io.quorate.ha.watchdog.Supervisor;
import io.quorate.runtime.NodeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One simulated host for HA runs: its watchdog supervisor and node process in one process group
 * (so a power cut — {@code kill -9 -<pgid>} — takes all of it, guests included), started by a
 * small script that a BMC's chassis control can run too. Pids land in the host's directory.
 */
public final class HaHost {
    private final Path dir;
    private final Path script;

    private HaHost(Path dir, Path script) {
        this.dir = dir;
        this.script = script;
    }

    /**
     * Writes {@code host.sh} for the node in {@code dir}. {@code javaCommand} runs {@code io.quorate.cli.Main}
     * (java, flags, classpath and main class); {@code nodeOptions} go to {@code quorate node run}.
     */
    public static HaHost prepare(Path dir, List<String> javaCommand, List<String> nodeOptions) throws IOException {
        Path script = dir.resolve("host.sh");
        String java = quote(javaCommand);
        List<String> node = new ArrayList<>(javaCommand.subList(0, 1));
        node.addAll(NodeProcess.JVM_FLAGS);
        node.addAll(javaCommand.subList(1, javaCommand.size()));
        Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "# one host: supervisor, then the node, in this process group; $1: optional BMC dir for host.pgid",
                "D='" + dir + "'",
                "echo $$ > \"$D/host.pgid\"",
                "[ -n \"$1\" ] && echo $$ > \"$1/host.pgid\"",
                "rm -f \"$D/node.pid\" \"$D/supervisor.exit\"",
                java + " supervisor --dir \"$D\" >> \"$D/supervisor.log\" 2>&1 &",
                "echo $! > \"$D/supervisor.pid\"",
                "n=0; while [ ! -S \"$D/watchdog.sock\" ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n+1)); done",
                quote(node) + " node run --dir \"$D\" " + quote(nodeOptions) + " >> \"$D/node.log\" 2>&1 &",
                "echo $! > \"$D/node.pid\"",
                "wait \"$(cat \"$D/supervisor.pid\")\"; echo $? > \"$D/supervisor.exit\"",
                "wait", ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Files.deleteIfExists(Supervisor.socketOf(dir));
        return new HaHost(dir, script);
    }

    /** The host whose {@code host.sh} an earlier {@link #prepare} wrote in {@code dir} (e.g. by another process). */
    public static HaHost existing(Path dir) throws IOException {
        Path script = dir.resolve("host.sh");
        if (!Files.isRegularFile(script)) {
            throw new IOException("no host in " + dir + " (no host.sh)");
        }
        return new HaHost(dir, script);
    }

    /** The java command that runs the CLI from this JVM's classpath. */
    public static List<String> javaCommandOfThisJvm() {
        return List.of(NodeProcess.javaExecutable(), "-cp", System.getProperty("java.class.path"), "io.quorate.cli.Main");
    }

    private static String quote(List<String> words) {
        StringBuilder out = new StringBuilder();
        for (String word : words) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append('\'').append(word.replace("'", "'\\''")).append('\'');
        }
        return out.toString();
    }

    /** The shell command that starts this host detached in a new process group (for a BMC's power on). */
    public String startCommand(Optional<Path> bmcDir) {
        return "setsid sh '" + script + "' " + bmcDir.map(d -> "'" + d + "'").orElse("") + " &";
    }

    /** Starts the host (supervisor and node) in a process group of its own. */
    public void start() throws IOException {
        start(List.of());
    }

    /** As {@link #start()}, run through {@code commandPrefix} (e.g. {@code ip netns exec NS}). */
    public void start(List<String> commandPrefix) throws IOException {
        start(commandPrefix, Optional.empty());
    }

    /** As {@link #start(List)}, also telling the host's BMC in {@code bmcDir} its process group (so power off hits it). */
    public void start(List<String> commandPrefix, Optional<Path> bmcDir) throws IOException {
        Files.deleteIfExists(dir.resolve("node.pid"));
        List<String> command = new ArrayList<>(commandPrefix);
        command.addAll(List.of("sh", "-c", startCommand(bmcDir)));
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The supervisor's exit code once it has exited (3: its watchdog fired), from {@code supervisor.exit}. */
    public Optional<Integer> supervisorExit() {
        return pid("supervisor.exit").map(Long::intValue);
    }

    public Path dir() {
        return dir;
    }

    public Optional<Long> nodePid() {
        return pid("node.pid");
    }

    private Optional<Long> pid(String file) {
        try {
            String text = Files.readString(dir.resolve(file)).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Sends {@code signal} (KILL, TERM, STOP, CONT) to the node process only. */
    public void signalNode(String signal) throws IOException, InterruptedException {
        Optional<Long> pid = nodePid();
        if (pid.isPresent()) {
            Processes.signal(signal, pid.get().toString());
        }
    }

    /** A power cut: SIGKILL to the whole process group (supervisor, node, guests). */
    public void powerCut() throws IOException, InterruptedException {
        signalHost("KILL");
    }

    /**
     * Sends {@code signal} (KILL, STOP, CONT, ...) to the host's whole process group — only while its
     * leader is still this host's {@code host.sh} (a recorded group id may belong to someone else by
     * now); otherwise to each remaining process run with {@code --dir} this host's directory (its
     * supervisor and node; their guests die with the supervisor).
     */
    public void signalHost(String signal) throws IOException, InterruptedException {
        Optional<Long> group = pid("host.pgid");
        if (group.isPresent() && Processes.commandLine(group.get()).contains(script.toString())) {
            Processes.signal(signal, "-" + group.get());
            return;
        }
        for (long pid : Processes.all()) {
            if ((Processes.commandLine(pid) + " ").contains(" --dir " + dir + " ")) {
                Processes.signal(signal, Long.toString(pid));
            }
        }
    }

    /** Whether this host's {@code host.sh} runs (its supervisor and node may still be starting). */
    public boolean running() {
        return pid("host.pgid").map(group -> Processes.commandLine(group).contains(script.toString())).orElse(false);
    }

    /** Started and not yet up: {@code host.sh} runs but the node's pid is not written yet. */
    public boolean booting() {
        return running() && nodePid().isEmpty();
    }

    /**
     * A clean shutdown: SIGTERM to the node (it stops its guests and gives its locks back), then,
     * once it has exited or {@code patience} ran out, SIGKILL to what is left of the host.
     */
    public void stop(java.time.Duration patience) throws IOException, InterruptedException {
        Optional<ProcessHandle> node = nodePid().flatMap(ProcessHandle::of);
        if (node.isPresent()) {
            signalNode("TERM");
            try {
                node.get().onExit().get(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // out of patience: the power cut below ends it
            }
        }
        powerCut();
    }

    public boolean nodeAlive() {
        return nodePid().flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }
}
