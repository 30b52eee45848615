package io.quorate.ha.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.cli.Main;
import io.quorate.it.Await;
import io.quorate.runtime.FreePorts;
import io.quorate.runtime.HostPort;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code quorate guest serve} as a real process, started with {@link GuestCommandLine} as the HA runtime will. */
class GuestServeProcessTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void answersWithItsIdentityAndStopsCleanlyOnSigterm() throws Exception {
        HostPort listen = new HostPort("127.0.0.1", FreePorts.pick("127.0.0.1"));
        Process guest = start("vm:101", "node1", listen);
        Await.until(LIMIT, () -> out().contains("guest vm:101 listening on " + listen + "\n") || !guest.isAlive(),
                () -> "stdout: " + out() + "; stderr: " + err());
        assertEquals(List.of("guest vm:101 listening on " + listen), out().lines().toList(), "one line, once listening");

        for (String path : List.of("/", "/health")) {
            JsonObject identity = new JsonObject(get(listen, path));
            assertEquals("vm:101", identity.getString("sid"), path);
            assertEquals("node1", identity.getString("node"), path);
            assertEquals(guest.pid(), identity.getLong("pid"), path);
            OffsetDateTime.parse(identity.getString("started")); // RFC 3339
            assertEquals(4, identity.size(), path);
        }

        guest.destroy(); // SIGTERM
        assertTrue(guest.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), "still running after SIGTERM");
        assertEquals(0, guest.exitValue(), "a clean stop; stderr: " + err());
        assertThrows(ConnectException.class, () -> get(listen, "/health"), "nothing answers after the stop");
    }

    @Test
    void aTakenPortExitsOneNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            HostPort listen = new HostPort("127.0.0.1", taken.getLocalPort());
            Process guest = start("vm:101", "node1", listen);
            assertTrue(guest.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), "still running on a taken port");
            assertEquals(1, guest.exitValue());
            assertTrue(err().startsWith("quorate: cannot listen on " + listen + ": "), err());
            assertEquals(1, err().lines().count(), err());
            assertEquals("", out());
        }
    }

    @Test
    void badArgumentsExitTwoWithOneLine() {
        assertBadArguments("invalid VMID 'abc'", "--sid", "vm:abc", "--node", "node1", "--listen", "127.0.0.1:10101");
        assertBadArguments("'fa:1' is not a guest", "--sid", "fa:1", "--node", "node1", "--listen", "127.0.0.1:10101");
        assertBadArguments("invalid node name 'no de'", "--sid", "vm:101", "--node", "no de", "--listen", "127.0.0.1:10101");
        assertBadArguments("invalid --listen 'localhost'", "--sid", "vm:101", "--node", "node1", "--listen", "localhost");
        assertBadArguments("Missing required option: '--node=NODE'", "--sid", "vm:101", "--listen", "127.0.0.1:10101");
    }

    /** In this JVM: every bad argument is refused before the guest binds or installs its stop hook. */
    private static void assertBadArguments(String reason, String... options) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("guest", "serve"));
        args.addAll(List.of(options));
        int exit = commandLine.execute(args.toArray(String[]::new));
        assertEquals(2, exit, String.join(" ", options) + ": " + err);
        assertTrue(err.toString().startsWith("quorate: ") && err.toString().contains(reason), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }

    private Process start(String sid, String node, HostPort listen) throws IOException {
        Process process = new ProcessBuilder(GuestCommandLine.argv(sid, node, listen))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile())
                .start();
        processes.add(process);
        return process;
    }

    private static String get(HostPort address, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://" + address + path).openConnection();
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(2000);
        try (InputStream in = connection.getInputStream()) {
            assertEquals(200, connection.getResponseCode());
            assertEquals("application/json", connection.getContentType());
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }

    private String out() {
        return read("out");
    }

    private String err() {
        return read("err");
    }

    private String read(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            return "";
        }
    }
}
