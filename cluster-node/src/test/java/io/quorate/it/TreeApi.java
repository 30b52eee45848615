package io.quorate.it;

import io.quorate.runtime.InvalidNodeDirectoryException;
import io.quorate.runtime.LocalIdentity;
import io.quorate.tls.ApiResponse;
import io.quorate.tls.CertificateFingerprint;
import io.quorate.tls.HttpsRequestException;
import io.quorate.tls.PinnedHttpsClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The config tree's HTTPS API of one node, reached the way the CLI does: address from
 * {@code local.conf}, certificate pinned to the {@code fingerprint} file, admin {@code api-token}.
 */
final class TreeApi {
    private final PinnedHttpsClient client;

    private TreeApi(PinnedHttpsClient client) {
        this.client = client;
    }

    static TreeApi of(Path dir, Duration timeout) {
        try {
            URI api = URI.create("https://" + LocalIdentity.load(dir).api());
            CertificateFingerprint pin = CertificateFingerprint.parse(Files.readString(dir.resolve("fingerprint")).strip());
            String token = Files.readString(dir.resolve("api-token")).strip();
            return new TreeApi(new PinnedHttpsClient(api, pin, token, timeout, timeout));
        } catch (IOException | InvalidNodeDirectoryException e) {
            throw new IllegalStateException("cannot read node directory " + dir + ": " + e.getMessage(), e);
        }
    }

    static TreeApi of(Path dir) {
        return of(dir, Duration.ofSeconds(10));
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** PUT a file; {@code rawPath} goes into the query as given (already encoded). */
    ApiResponse writeRaw(String rawPath, byte[] content) throws HttpsRequestException {
        return client.putBytes("/api2/json/cluster/fs/file?path=" + rawPath, content);
    }

    ApiResponse write(String path, String content) throws HttpsRequestException {
        return writeRaw(query(path), content.getBytes(StandardCharsets.UTF_8));
    }

    ApiResponse writeUnderLock(String path, String content, String lock, long epoch) throws HttpsRequestException {
        return client.putBytes("/api2/json/cluster/fs/file?path=" + query(path) + "&lock=" + query(lock) + "&epoch=" + epoch,
                content.getBytes(StandardCharsets.UTF_8));
    }

    ApiResponse read(String path) throws HttpsRequestException {
        return client.get("/api2/json/cluster/fs/file?path=" + query(path));
    }

    ApiResponse list(String dir) throws HttpsRequestException {
        return client.get("/api2/json/cluster/fs/list?path=" + query(dir));
    }

    ApiResponse status() throws HttpsRequestException {
        return client.get("/api2/json/cluster/fs/status");
    }

    /** The {@code data} object of a successful answer, or null for any failure (also no answer). */
    JsonObject statusOrNull() {
        try {
            ApiResponse response = status();
            return response.isSuccess() ? new JsonObject(response.body()).getJsonObject("data") : null;
        } catch (HttpsRequestException e) {
            return null;
        }
    }

    static JsonObject data(ApiResponse response) {
        if (!response.isSuccess()) {
            throw new AssertionError("HTTP " + response.status() + ": " + response.body());
        }
        return new JsonObject(response.body()).getJsonObject("data");
    }

    /** The {@code errors.reason} code of a refusal, or "" when there is none. */
    static String reason(ApiResponse response) {
        JsonObject body = new JsonObject(response.body());
        JsonObject errors = body.getJsonObject("errors");
        return errors == null ? "" : errors.getString("reason", "");
    }

    static String message(ApiResponse response) {
        return new JsonObject(response.body()).getString("message", "");
    }
}
