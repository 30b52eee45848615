package io.quorate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quorate.tls.HttpsRequestException.Kind;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

class PinnedHttpsClientTest {

    private static final String TOKEN = "root@pam!quorate=5d1c4f7e-secret-0000-0000-000000000000";
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static EchoHttpsServer server;
    private static CertificateFingerprint serverFingerprint;

    @BeforeAll
    static void startServer() throws Exception {
        Path key = dir.resolve("node.key");
        Path cert = dir.resolve("node.pem");
        serverFingerprint = CertificateFingerprint.of(
                SelfSignedCertificate.generate(key, cert, "node1", List.of("127.0.0.1", "node1"), Duration.ofDays(1)));
        vertx = Vertx.vertx();
        server = EchoHttpsServer.start(vertx, key, cert);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (vertx != null) {
            EchoHttpsServer.await(vertx.close());
        }
    }

    @Test
    void getWithPinnedCertificateSendsTheTokenHeader() throws Exception {
        ApiResponse response = client(TOKEN).get("/api2/json/cluster/status");

        assertEquals(200, response.status());
        assertTrue(response.isSuccess());
        JsonObject echo = new JsonObject(response.body());
        assertEquals("GET", echo.getString("method"));
        assertEquals("/api2/json/cluster/status", echo.getString("path"));
        assertEquals("PVEAPIToken=" + TOKEN, echo.getString("authorization"));
    }

    @Test
    void postPutAndDeleteSendJsonBodies() throws Exception {
        PinnedHttpsClient client = client(TOKEN);
        String body = "{\"sid\":\"vm:101\",\"state\":\"started\"}";
        for (ApiResponse response : List.of(
                client.post("/api2/json/cluster/ha/resources", body),
                client.put("api2/json/cluster/ha/resources/vm:101", body),
                client.delete("/api2/json/cluster/ha/resources/vm:101", body))) {
            JsonObject echo = new JsonObject(response.body());
            assertEquals(body, echo.getString("body"), echo.getString("method"));
            assertEquals("application/json", echo.getString("contentType"));
        }
        JsonObject plainDelete = new JsonObject(client.delete("/api2/json/cluster/ha/resources/vm:101").body());
        assertEquals("DELETE", plainDelete.getString("method"));
        assertEquals("", plainDelete.getString("body"));
    }

    @Test
    void withoutTokenNoAuthorizationHeaderIsSent() throws Exception {
        JsonObject echo = new JsonObject(client(null).get("/api2/json/version").body());
        assertNull(echo.getString("authorization"));
    }

    @Test
    void errorStatusIsAnAnswerWithItsBody() throws Exception {
        ApiResponse response = client(TOKEN).get("/missing");
        assertEquals(404, response.status());
        assertFalse(response.isSuccess());
        assertEquals("/missing", new JsonObject(response.body()).getString("path"));
    }

    @Test
    void wrongFingerprintFailsTheHandshakeBeforeAnythingIsSent() throws Exception {
        CertificateFingerprint wrong = CertificateFingerprint.parse("00".repeat(32));
        int requestsBefore = server.requestCount();
        var client = new PinnedHttpsClient(server.baseUrl(), wrong, TOKEN, FIVE_SECONDS, FIVE_SECONDS);

        HttpsRequestException error = assertThrows(HttpsRequestException.class, () -> client.get("/api2/json/version"));

        assertEquals(Kind.FINGERPRINT_MISMATCH, error.kind());
        assertEquals("certificate fingerprint mismatch: expected " + wrong + ", server presented " + serverFingerprint,
                error.getMessage());
        assertEquals(requestsBefore, server.requestCount(), "the request (and token) never reached the server");
    }

    @Test
    void pinReplacesTheHostnameCheck(@TempDir Path otherDir) throws Exception {
        Path key = otherDir.resolve("k.pem");
        Path cert = otherDir.resolve("c.pem");
        var fingerprint = CertificateFingerprint.of(
                SelfSignedCertificate.generate(key, cert, "pve9", List.of("pve9.example"), Duration.ofDays(1)));
        try (EchoHttpsServer elsewhere = EchoHttpsServer.start(vertx, key, cert)) {
            var client = new PinnedHttpsClient(elsewhere.baseUrl(), fingerprint, null, FIVE_SECONDS, FIVE_SECONDS);
            assertEquals(200, client.get("/api2/json/version").status(), "127.0.0.1 is not in the certificate, yet pinned");
        }
    }

    @Test
    void refusedConnectionNamesTheServer() throws Exception {
        int closedPort = unusedPort();
        var client = new PinnedHttpsClient("https://127.0.0.1:" + closedPort, serverFingerprint, TOKEN,
                FIVE_SECONDS, FIVE_SECONDS);

        HttpsRequestException error = assertThrows(HttpsRequestException.class, () -> client.get("/api2/json/version"));

        assertEquals(Kind.CONNECTION_REFUSED, error.kind());
        assertEquals("connection refused: https://127.0.0.1:" + closedPort, error.getMessage());
    }

    @Test
    void silentServerTimesOutWithTheReadTimeout() throws Exception {
        // The kernel completes the TCP handshake from the listen backlog; nobody ever answers the TLS hello.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String base = "https://127.0.0.1:" + silent.getLocalPort();
            var client = new PinnedHttpsClient(base, serverFingerprint, TOKEN, FIVE_SECONDS, Duration.ofMillis(300));

            HttpsRequestException error = assertThrows(HttpsRequestException.class, () -> client.get("/api2/json/version"));

            assertEquals(Kind.TIMEOUT, error.kind());
            assertEquals("timed out after 0.3 s: GET " + base + "/api2/json/version", error.getMessage());
        }
    }

    @Test
    void fetchesTheServersFingerprintWithoutTrustingIt() throws Exception {
        int before = server.requestCount();
        assertEquals(serverFingerprint, PinnedHttpsClient.fetchServerFingerprint(server.baseUrl(), FIVE_SECONDS));
        assertEquals(before, server.requestCount(), "no HTTP request is made");
    }

    @Test
    void fetchingFromAClosedPortIsAClearError() throws Exception {
        int closedPort = unusedPort();
        HttpsRequestException error = assertThrows(HttpsRequestException.class,
                () -> PinnedHttpsClient.fetchServerFingerprint("https://127.0.0.1:" + closedPort, FIVE_SECONDS));
        assertEquals("connection refused: https://127.0.0.1:" + closedPort, error.getMessage());
    }

    @Test
    void tokenSecretNeverAppearsInToStringOrErrors() throws Exception {
        PinnedHttpsClient client = new PinnedHttpsClient("https://127.0.0.1:" + unusedPort(),
                serverFingerprint, TOKEN, FIVE_SECONDS, FIVE_SECONDS);
        String secret = TOKEN.substring(TOKEN.indexOf('=') + 1);

        assertFalse(client.toString().contains(secret), client.toString());
        assertTrue(client.toString().contains("root@pam!quorate"), client.toString());
        HttpsRequestException error = assertThrows(HttpsRequestException.class, () -> client.get("/x"));
        assertFalse(error.getMessage().contains(secret));

        var badToken = assertThrows(IllegalArgumentException.class, () -> new PinnedHttpsClient(server.baseUrl(),
                serverFingerprint, TOKEN + "\r\nX-Injected: 1", FIVE_SECONDS, FIVE_SECONDS));
        assertFalse(badToken.getMessage().contains(secret));
    }

    @Test
    void rejectsNonHttpsBaseUrls() {
        var error = assertThrows(IllegalArgumentException.class, () -> new PinnedHttpsClient("http://127.0.0.1:8006",
                serverFingerprint, null, FIVE_SECONDS, FIVE_SECONDS));
        assertTrue(error.getMessage().contains("https://"), error.getMessage());
    }

    private static PinnedHttpsClient client(String token) {
        return new PinnedHttpsClient(server.baseUrl(), serverFingerprint, token, FIVE_SECONDS, FIVE_SECONDS);
    }

    /** A port nothing listens on: bound once by us, then released. */
    private static int unusedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
