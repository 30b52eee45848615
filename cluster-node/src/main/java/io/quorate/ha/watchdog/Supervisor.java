package io.quorate.ha.watchdog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The watchdog supervisor (watchdog-mux's role): a small process beside the node JVM. The node
 * connects over a Unix socket, arms the watchdog and feeds it; the node's LRM starts and stops
 * guests through it. If feeds stop (the node hangs, is paused or killed) the watchdog fires: every
 * guest's process group and the node process are killed — processes only, never /dev/watchdog.
 * If the supervisor itself dies, its guests die with it (see {@link GuestProcess}).
 *
 * <p>Protocol, one line each way: {@code HELLO <node pid>}, {@code ARM <timeout ms> [<proven at>]}, {@code FEED [<proven at>]},
 * {@code DISARM}, {@code START <sid> <command...>}, {@code STOP <sid> <grace ms>}, {@code STATUS};
 * answers {@code OK ...} or {@code ERR <reason>}.
 */
public final class Supervisor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Supervisor.class.getName());

    private final Path socket;
    private final Path dir;
    private final WatchdogCore watchdog = new WatchdogCore();
    private final Map<String, GuestProcess> guests = new TreeMap<>();
    private final long startNanos = System.nanoTime();
    private ServerSocketChannel server;
    private volatile long nodePid = -1;
    private volatile boolean closed;
    private volatile SocketChannel current;

    public Supervisor(Path dir) {
        this.dir = dir;
        this.socket = socketOf(dir);
    }

    public static Path socketOf(Path dir) {
        return dir.resolve("watchdog.sock");
    }

    /** Listens, serves one client at a time, and checks the watchdog every 50 ms; returns when closed. */
    public void run() throws IOException {
        // bind() creates the file before listen() runs, so a client seeing the file could be refused:
        // bind under a staging name and rename, so the socket appears only once it listens
        Path staging = socket.resolveSibling(socket.getFileName() + "." + ProcessHandle.current().pid());
        Files.deleteIfExists(staging);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(staging));
        Files.move(staging, socket, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Thread checker = new Thread(this::checkLoop, "watchdog-check");
        checker.setDaemon(true);
        checker.start();
        while (!closed) {
            try (SocketChannel client = server.accept()) {
                current = client;
                serve(client);
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "watchdog client: " + e.getMessage());
                }
            }
        }
    }

    private void serve(SocketChannel client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
        OutputStream out = Channels.newOutputStream(client);
        String line;
        while ((line = in.readLine()) != null) {
            String answer;
            try {
                answer = handle(line.trim());
            } catch (IllegalArgumentException e) {
                answer = "ERR " + e.getMessage();
            }
            out.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        // the client went away without DISARM: the watchdog keeps running and fires if it stays away
    }

    synchronized String handle(String line) {
        String[] words = line.split("\\s+");
        long now = now();
        switch (words[0]) {
            case "HELLO" -> {
                nodePid = Long.parseLong(require(words, 2, "HELLO <node pid>")[1]);
                return "OK";
            }
            case "ARM" -> {
                require(words, 2, "ARM <timeout ms> [<proven at, monotonic ns>]");
                watchdog.arm(Long.parseLong(words[1]), words.length > 2 ? fromMonotonic(words[2]) : now, now);
                return watchdog.fired() ? "ERR watchdog fired already" : "OK";
            }
            case "FEED" -> {
                watchdog.feed(words.length > 1 ? fromMonotonic(words[1]) : now, now);
                return watchdog.fired() ? "ERR watchdog fired" : "OK";
            }
            case "DISARM" -> {
                watchdog.disarm();
                return "OK";
            }
            case "START" -> {
                require(words, 3, "START <sid> <command...>");
                if (watchdog.fired()) {
                    return "ERR watchdog fired: no guest may start";
                }
                GuestProcess running = guests.get(words[1]);
                if (running != null && running.isAlive()) {
                    return "OK already running";
                }
                try {
                    guests.put(words[1], GuestProcess.start(words[1], Arrays.asList(words).subList(2, words.length),
                            dir.resolve("guest-" + words[1].replace(':', '-') + ".log")));
                } catch (IOException e) {
                    return "ERR cannot start " + words[1] + ": " + e.getMessage();
                }
                return "OK";
            }
            case "STOP" -> {
                require(words, 3, "STOP <sid> <grace ms>");
                GuestProcess guest = guests.remove(words[1]);
                if (guest != null) {
                    guest.stop(Long.parseLong(words[2]));
                }
                return "OK";
            }
            case "STATUS" -> {
                List<String> running = new ArrayList<>();
                guests.forEach((sid, g) -> {
                    if (g.isAlive()) {
                        running.add(sid);
                    }
                });
                return "OK " + (watchdog.fired() ? "fired" : watchdog.armed() ? "armed" : "disarmed") + " " + String.join(",", running);
            }
            default -> throw new IllegalArgumentException("unknown command '" + words[0] + "'");
        }
    }

    /**
     * A client's System.nanoTime() on this clock: both processes read CLOCK_MONOTONIC, which is
     * one clock for the whole host.
     */
    private long fromMonotonic(String nanos) {
        return TimeUnit.NANOSECONDS.toMillis(Long.parseLong(nanos) - startNanos);
    }

    private static String[] require(String[] words, int count, String usage) {
        if (words.length < count) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return words;
    }

    private void checkLoop() {
        while (!closed) {
            synchronized (this) {
                if (watchdog.check(now())) {
                    fire();
                }
            }
            try {
                Thread.sleep(50); // the watchdog's own tick, not a test synchronisation
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Resets "the host": kills every guest group and the node process. */
    private void fire() {
        LOG.log(System.Logger.Level.ERROR, "watchdog fired: no feed within the timeout; killing " + guests.keySet()
                + (nodePid > 0 ? " and node pid " + nodePid : ""));
        guests.values().forEach(GuestProcess::kill);
        guests.clear();
        if (nodePid > 0) {
            ProcessHandle.of(nodePid).ifPresent(ProcessHandle::destroyForcibly);
        }
        // a reset host comes back fresh: the supervisor ends too, and whatever runs the host restarts it
        closed = true;
        try {
            server.close();
            SocketChannel client = current;
            if (client != null) {
                client.close();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the watchdog socket: " + e.getMessage());
        }
    }

    /** Whether the watchdog fired (the supervisor then stops: a host reset). */
    public synchronized boolean fired() {
        return watchdog.fired();
    }

    private long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (server != null) {
            server.close();
        }
        Files.deleteIfExists(socket);
    }
}
