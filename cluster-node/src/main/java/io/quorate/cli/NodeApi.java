package io.quorate.cli;

import io.quorate.runtime.InvalidNodeDirectoryException;
import io.quorate.runtime.LocalIdentity;
import io.quorate.runtime.NodeFiles;
import io.quorate.tls.ApiResponse;
import io.quorate.tls.CertificateFingerprint;
import io.quorate.tls.HttpsRequestException;
import io.quorate.tls.PinnedHttpsClient;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CLI's view of a node: its API address, pinned certificate and token, all read from the node
 * directory, and calls that turn HTTP errors into one-line {@link CliException}s.
 */
public final class NodeApi {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final PinnedHttpsClient client;
    private final String origin;

    NodeApi(PinnedHttpsClient client, String origin) {
        this.client = client;
        this.origin = origin;
    }

    /** Talks to the node of {@code dir} with its admin token (or the read-only one when that is all there is). */
    public static NodeApi forDir(Path dir) {
        try {
            NodeFiles files = new NodeFiles(dir);
            LocalIdentity identity = LocalIdentity.load(dir);
            Path tokenFile = Files.isReadable(files.adminToken()) ? files.adminToken() : files.readOnlyToken();
            String token = Files.readString(tokenFile).strip();
            CertificateFingerprint fingerprint = CertificateFingerprint.parse(Files.readString(files.fingerprint()).strip());
            String origin = "https://" + identity.api();
            return new NodeApi(new PinnedHttpsClient(URI.create(origin), fingerprint, token, TIMEOUT, TIMEOUT), origin);
        } catch (InvalidNodeDirectoryException e) {
            throw new CliException(e.getMessage());
        } catch (IOException e) {
            throw new CliException("cannot read node directory " + dir + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliException(dir + ": " + e.getMessage());
        }
    }

    public JsonObject get(String path) {
        return call("GET", path, null);
    }

    public JsonObject call(String method, String path, JsonObject body) {
        ApiResponse response;
        try {
            String json = body == null ? null : body.encode();
            response = switch (method) {
                case "GET" -> client.get(path);
                case "POST" -> client.post(path, json);
                case "PUT" -> client.put(path, json);
                case "DELETE" -> client.delete(path);
                default -> throw new IllegalArgumentException(method);
            };
        } catch (HttpsRequestException e) {
            throw new CliException(e.getMessage());
        }
        return parse(path, response);
    }

    /** PUTs raw bytes (a config file). */
    public JsonObject putBytes(String path, byte[] body) {
        try {
            return parse(path, client.putBytes(path, body));
        } catch (HttpsRequestException e) {
            throw new CliException(e.getMessage());
        }
    }

    /** Streams JSON lines until the server ends the response (or the process is stopped). */
    void stream(String path, java.util.function.Consumer<JsonObject> onLine) {
        ApiResponse response;
        try {
            response = client.streamLines(path, line -> {
                if (!line.isBlank()) {
                    onLine.accept(new JsonObject(line));
                }
                return true;
            });
        } catch (HttpsRequestException e) {
            throw new CliException(e.getMessage());
        }
        if (!response.isSuccess()) {
            parse(path, response);
        }
    }

    private JsonObject parse(String path, ApiResponse response) {
        JsonObject parsed;
        try {
            parsed = new JsonObject(response.body());
        } catch (DecodeException | ClassCastException e) {
            throw new CliException(origin + path + ": HTTP " + response.status() + " with a body that is not JSON");
        }
        if (!response.isSuccess()) {
            String message = parsed.getString("message", "HTTP " + response.status());
            JsonObject errors = parsed.getJsonObject("errors");
            if (errors != null) {
                errors = errors.copy();
                errors.remove("reason"); // a code for scripts; the message already says it
            }
            throw new CliException(errors == null || errors.isEmpty() ? message : message + " " + errors.encode());
        }
        return parsed;
    }
}
