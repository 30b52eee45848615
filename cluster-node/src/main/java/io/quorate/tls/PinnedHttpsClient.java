package io.quorate.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Small synchronous HTTPS client for the CLI, talking to one node's API.
 *
 * <p>The server is trusted if and only if its certificate has the expected SHA-256 fingerprint; CA and
 * hostname checks are replaced by that pin, as with {@code pvecm add --fingerprint}, because node
 * certificates are self-signed and nodes are often addressed by IP. Requests carry
 * {@code Authorization: PVEAPIToken=<token text>} when a token is given. Redirects are not followed, so
 * the token never travels to another server. Instances are immutable and thread-safe.
 */
public final class PinnedHttpsClient {

    private static final String JSON = "application/json";

    private final URI baseUrl;
    private final String origin;
    private final CertificateFingerprint pin;
    private final String tokenText;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final SSLSocketFactory pinnedSockets;

    /**
     * @param baseUrl        e.g. {@code https://192.0.2.10:8006}; request paths are appended to it
     * @param expected       the only certificate fingerprint accepted
     * @param tokenText      text after {@code PVEAPIToken=} (e.g. {@code root@pam!quorate=<secret>}), or null
     * @param connectTimeout limit for the TCP connect
     * @param readTimeout    limit for each read, including the TLS handshake and waiting for the answer
     */
    public PinnedHttpsClient(URI baseUrl, CertificateFingerprint expected, String tokenText,
                             Duration connectTimeout, Duration readTimeout) {
        this.baseUrl = httpsBase(baseUrl);
        this.origin = origin(this.baseUrl);
        this.pin = Objects.requireNonNull(expected, "expected fingerprint");
        this.tokenText = checkedToken(tokenText);
        this.connectTimeout = positive(connectTimeout, "connect timeout");
        this.readTimeout = positive(readTimeout, "read timeout");
        this.pinnedSockets = socketFactory(ServerCertificateTrustManager.pinnedTo(expected));
    }

    /** As {@link #PinnedHttpsClient(URI, CertificateFingerprint, String, Duration, Duration)}, URL given as text. */
    public PinnedHttpsClient(String baseUrl, CertificateFingerprint expected, String tokenText,
                             Duration connectTimeout, Duration readTimeout) {
        this(parseUrl(baseUrl), expected, tokenText, connectTimeout, readTimeout);
    }

    public ApiResponse get(String path) throws HttpsRequestException {
        return exchange("GET", path, null);
    }

    /** @param jsonBody request body, or null for none */
    public ApiResponse post(String path, String jsonBody) throws HttpsRequestException {
        return exchange("POST", path, jsonBody);
    }

    /** @param jsonBody request body, or null for none */
    public ApiResponse put(String path, String jsonBody) throws HttpsRequestException {
        return exchange("PUT", path, jsonBody);
    }

    public ApiResponse delete(String path) throws HttpsRequestException {
        return exchange("DELETE", path, null);
    }

    /** @param jsonBody request body, or null for none */
    public ApiResponse delete(String path, String jsonBody) throws HttpsRequestException {
        return exchange("DELETE", path, jsonBody);
    }

    /**
     * Connects, completes a TLS handshake trusting whatever certificate the server presents, and returns
     * that certificate's fingerprint without sending anything. This is for asking the user to confirm a
     * fingerprint (like {@code pvecm add} without {@code --fingerprint}); never use the connection's trust
     * for anything else.
     */
    public static CertificateFingerprint fetchServerFingerprint(URI baseUrl, Duration timeout) throws HttpsRequestException {
        URI base = httpsBase(baseUrl);
        String origin = origin(base);
        positive(timeout, "timeout");
        AtomicReference<X509Certificate> presented = new AtomicReference<>();
        SSLSocketFactory recording = socketFactory(ServerCertificateTrustManager.recordingInto(presented));
        int timeoutMillis = Math.toIntExact(timeout.toMillis());
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(base.getHost(), port(base)), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            try (SSLSocket tls = (SSLSocket) recording.createSocket(plain, base.getHost(), port(base), false)) {
                tls.startHandshake();
            }
        } catch (IOException e) {
            throw HttpsRequestErrors.translate(e, origin, "TLS handshake with " + origin, timeout, timeout);
        }
        return CertificateFingerprint.of(presented.get());
    }

    /** As {@link #fetchServerFingerprint(URI, Duration)}, URL given as text. */
    public static CertificateFingerprint fetchServerFingerprint(String baseUrl, Duration timeout) throws HttpsRequestException {
        return fetchServerFingerprint(parseUrl(baseUrl), timeout);
    }

    /** Sends raw bytes (a config file) as the body. */
    public ApiResponse putBytes(String path, byte[] body) throws HttpsRequestException {
        return exchange("PUT", path, body, "application/octet-stream");
    }

    /**
     * GETs a streaming response (JSON lines) and hands each line to {@code onLine} until the server
     * ends it or {@code onLine} returns false. No read timeout: a watch may be quiet for long.
     */
    public ApiResponse streamLines(String path, java.util.function.Predicate<String> onLine) throws HttpsRequestException {
        URI target = resolve(path);
        try {
            HttpsURLConnection connection = open(target, "GET");
            connection.setReadTimeout(0);
            int status = connection.getResponseCode();
            if (status >= 400) {
                return new ApiResponse(status, readBody(connection, status));
            }
            try (java.io.BufferedReader reader = new java.io.BufferedReader(
                    new java.io.InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!onLine.test(line)) {
                        break;
                    }
                }
            }
            return new ApiResponse(status, "");
        } catch (IOException e) {
            throw HttpsRequestErrors.translate(e, origin, "GET " + target, connectTimeout, readTimeout);
        }
    }

    private ApiResponse exchange(String method, String path, String jsonBody) throws HttpsRequestException {
        return exchange(method, path, jsonBody == null ? null : jsonBody.getBytes(StandardCharsets.UTF_8), JSON);
    }

    private ApiResponse exchange(String method, String path, byte[] body, String contentType) throws HttpsRequestException {
        URI target = resolve(path);
        String request = method + " " + target;
        try {
            HttpsURLConnection connection = open(target, method);
            if (body != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", contentType);
                // Fixed length also stops HttpURLConnection from silently re-sending a non-idempotent request.
                connection.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            return new ApiResponse(status, readBody(connection, status));
        } catch (IOException e) {
            throw HttpsRequestErrors.translate(e, origin, request, connectTimeout, readTimeout);
        }
    }

    private HttpsURLConnection open(URI target, String method) throws IOException {
        // NO_PROXY: cluster nodes talk directly; a proxy in between would also terminate the pinned TLS.
        HttpsURLConnection connection = (HttpsURLConnection) target.toURL().openConnection(Proxy.NO_PROXY);
        connection.setSSLSocketFactory(pinnedSockets);
        connection.setHostnameVerifier((host, session) -> true); // the pin already identified the server
        connection.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
        connection.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestMethod(method);
        connection.setRequestProperty("Accept", JSON);
        if (tokenText != null) {
            connection.setRequestProperty("Authorization", "PVEAPIToken=" + tokenText);
        }
        return connection;
    }

    private static String readBody(HttpURLConnection connection, int status) throws IOException {
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private URI resolve(String path) {
        Objects.requireNonNull(path, "path");
        String suffix = path.startsWith("/") ? path : "/" + path;
        return URI.create(baseUrl + suffix);
    }

    private static URI parseUrl(String baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        try {
            return new URI(baseUrl.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + baseUrl + " (" + e.getReason() + ")", e);
        }
    }

    /** Checks for https and a host, and drops trailing slashes so that paths can simply be appended. */
    private static URI httpsBase(URI baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!"https".equalsIgnoreCase(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("expected a URL like https://192.0.2.10:8006, got " + baseUrl);
        }
        return URI.create(baseUrl.toString().replaceAll("/+$", ""));
    }

    private static String origin(URI base) {
        return "https://" + base.getRawAuthority().replaceFirst("^.*@", "") + (base.getPort() == -1 ? ":443" : "");
    }

    private static int port(URI base) {
        return base.getPort() == -1 ? 443 : base.getPort();
    }

    /** Rejects text that would break the header; the message never repeats the token. */
    private static String checkedToken(String tokenText) {
        if (tokenText == null) {
            return null;
        }
        if (tokenText.isBlank() || tokenText.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new IllegalArgumentException("API token text must be one non-empty line without spaces or control characters");
        }
        return tokenText;
    }

    private static Duration positive(Duration duration, String what) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + duration);
        }
        return duration;
    }

    private static SSLSocketFactory socketFactory(TrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JDK: " + e.getMessage(), e);
        }
    }

    /** Shows where and with which pin and token id; never the token's secret. */
    @Override
    public String toString() {
        String token = tokenText == null ? "none" : tokenText.substring(0, Math.max(0, tokenText.indexOf('='))) + "=***";
        return "PinnedHttpsClient[" + baseUrl + ", fingerprint=" + pin + ", token=" + token + "]";
    }
}
