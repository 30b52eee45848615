package io.quorate.tls;

import java.io.IOException;

/**
 * A call to a node's HTTPS API that got no HTTP answer. The message is one line meant for the CLI user,
 * e.g. "connection refused: https://127.0.0.1:8006"; it never contains the API token.
 */
public final class HttpsRequestException extends IOException {

    /** Why there was no answer, for callers that react differently (retry, ask the user, give up). */
    public enum Kind { FINGERPRINT_MISMATCH, CONNECTION_REFUSED, TIMEOUT, UNKNOWN_HOST, TLS_FAILURE, IO_FAILURE }

    private final Kind kind;

    public HttpsRequestException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
