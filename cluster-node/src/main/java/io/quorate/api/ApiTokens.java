package io.quorate.api;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.quorate.tls.OwnerOnlyFiles;

/**
 * The node's two API tokens and the check of an {@code Authorization} header against them.
 *
 * <p>Header format as in Proxmox VE: {@code Authorization: PVEAPIToken=root@pam!quorate=<secret>}.
 * Each token lives in its own file in the node directory holding exactly the text after
 * {@code PVEAPIToken=} on one line (mode 0600): {@value #ADMIN_FILE} for the admin token
 * ({@value #ADMIN_TOKEN_ID}) and {@value #READ_ONLY_FILE} for the read-only monitoring token
 * ({@value #READ_ONLY_TOKEN_ID}). {@link #toString()} never shows a secret.
 */
public final class ApiTokens {

    public static final String ADMIN_TOKEN_ID = "root@pam!quorate";
    public static final String READ_ONLY_TOKEN_ID = "root@pam!monitoring";
    public static final String ADMIN_FILE = "api-token";
    public static final String READ_ONLY_FILE = "api-token-ro";
    public static final String HEADER_PREFIX = "PVEAPIToken=";

    /** What a request may do. */
    public enum Role { ADMIN, READ_ONLY, NONE }

    private final ApiToken admin;
    private final ApiToken readOnly;

    private ApiTokens(ApiToken admin, ApiToken readOnly) {
        this.admin = admin;
        this.readOnly = readOnly;
    }

    /** Two fresh tokens, in memory only: one cluster shares them, so every node gets them via {@link #writeTo}. */
    public static ApiTokens generate() {
        return new ApiTokens(ApiToken.generate(ADMIN_TOKEN_ID), ApiToken.generate(READ_ONLY_TOKEN_ID));
    }

    /** Makes two fresh tokens and writes them into {@code dir}: {@code generate().writeTo(dir)}. */
    public static ApiTokens generate(Path dir) throws IOException {
        ApiTokens tokens = generate();
        tokens.writeTo(dir);
        return tokens;
    }

    /**
     * Tokens from their texts, e.g. as a joining node receives them from a member.
     *
     * @throws IllegalArgumentException saying which text is malformed, without quoting it
     */
    public static ApiTokens of(String adminTokenText, String readOnlyTokenText) {
        return new ApiTokens(parse(ADMIN_TOKEN_ID, adminTokenText, "admin"),
                parse(READ_ONLY_TOKEN_ID, readOnlyTokenText, "read-only"));
    }

    /** Reads both token files from {@code dir}. */
    public static ApiTokens load(Path dir) throws ApiTokenFileException {
        return new ApiTokens(readTokenFile(dir.resolve(ADMIN_FILE), ADMIN_TOKEN_ID),
                readTokenFile(dir.resolve(READ_ONLY_FILE), READ_ONLY_TOKEN_ID));
    }

    /**
     * Reads one token file, e.g. for a CLI that only has the read-only token.
     *
     * @throws ApiTokenFileException naming the file if it is missing, unreadable, empty or malformed
     */
    public static ApiToken readTokenFile(Path file, String expectedTokenId) throws ApiTokenFileException {
        String line = singleLine(file);
        try {
            return ApiToken.parse(expectedTokenId, line);
        } catch (IllegalArgumentException e) {
            throw malformed(file, e.getMessage());
        }
    }

    /** Writes both token files into {@code dir} (created if missing), mode 0600, replacing existing files. */
    public void writeTo(Path dir) throws IOException {
        writeTokenFile(dir.resolve(ADMIN_FILE), admin);
        writeTokenFile(dir.resolve(READ_ONLY_FILE), readOnly);
    }

    /**
     * Judges an {@code Authorization} header value. Both tokens are always compared, in constant time,
     * so timing reveals neither which token nor how much of a secret matched.
     *
     * @param authorizationHeaderValue the header's value, may be null
     * @return the role of the matching token; {@link Role#NONE} for no, unknown or malformed credentials
     */
    public Role authenticate(String authorizationHeaderValue) {
        if (authorizationHeaderValue == null) {
            return Role.NONE;
        }
        String value = authorizationHeaderValue.strip();
        if (!value.startsWith(HEADER_PREFIX)) {
            return Role.NONE;
        }
        byte[] presented = value.substring(HEADER_PREFIX.length()).getBytes(StandardCharsets.UTF_8);
        boolean isAdmin = admin.matches(presented);
        boolean isReadOnly = readOnly.matches(presented);
        return isAdmin ? Role.ADMIN : isReadOnly ? Role.READ_ONLY : Role.NONE;
    }

    public ApiToken admin() {
        return admin;
    }

    public ApiToken readOnly() {
        return readOnly;
    }

    @Override
    public String toString() {
        return "ApiTokens[admin=" + admin + ", readOnly=" + readOnly + "]";
    }

    private static ApiToken parse(String id, String text, String which) {
        try {
            return ApiToken.parse(id, text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(which + " API token text is malformed: " + e.getMessage(), e);
        }
    }

    private static void writeTokenFile(Path file, ApiToken token) throws IOException {
        OwnerOnlyFiles.write(file, (token.text() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The file's one line without its line ending; errors never quote the content, which is a secret. */
    private static String singleLine(Path file) throws ApiTokenFileException {
        String content = readUtf8(file);
        String line = content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                : content.endsWith("\n") ? content.substring(0, content.length() - 1)
                : content;
        if (line.isBlank()) {
            throw new ApiTokenFileException("API token file " + file + " is empty");
        }
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw malformed(file, "it holds more than one line");
        }
        return line;
    }

    private static String readUtf8(Path file) throws ApiTokenFileException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new ApiTokenFileException("API token file " + file + " does not exist", e);
        } catch (CharacterCodingException e) {
            throw malformed(file, "it is not UTF-8 text");
        } catch (IOException e) {
            throw new ApiTokenFileException("cannot read API token file " + file + ": " + e.getMessage(), e);
        }
    }

    private static ApiTokenFileException malformed(Path file, String why) {
        return new ApiTokenFileException("API token file " + file + " is malformed: " + why
                + " (expected one line '<token id>=<secret>')");
    }
}
