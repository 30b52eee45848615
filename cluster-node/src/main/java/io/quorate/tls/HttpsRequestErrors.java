package io.quorate.tls;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

import javax.net.ssl.SSLException;

import io.quorate.tls.HttpsRequestException.Kind;

/** Turns the JDK's assorted I/O exceptions into one line a CLI user can act on. */
final class HttpsRequestErrors {

    private HttpsRequestErrors() {
    }

    /**
     * @param origin      {@code https://host:port}, named in connection errors
     * @param request     e.g. {@code GET https://host:port/api2/json/...}, named in timeouts and other errors
     */
    static HttpsRequestException translate(IOException error, String origin, String request,
                                       Duration connectTimeout, Duration readTimeout) {
        FingerprintMismatchException mismatch = causeOfType(error, FingerprintMismatchException.class);
        if (mismatch != null) {
            return new HttpsRequestException(Kind.FINGERPRINT_MISMATCH, mismatch.getMessage(), error);
        }
        SocketTimeoutException timeout = causeOfType(error, SocketTimeoutException.class);
        if (timeout != null) {
            boolean duringConnect = String.valueOf(timeout.getMessage()).toLowerCase(Locale.ROOT).contains("connect");
            Duration limit = duringConnect ? connectTimeout : readTimeout;
            return new HttpsRequestException(Kind.TIMEOUT, "timed out after " + seconds(limit) + ": " + request, error);
        }
        if (error instanceof ConnectException) {
            String reason = String.valueOf(error.getMessage());
            return reason.toLowerCase(Locale.ROOT).contains("refused")
                    ? new HttpsRequestException(Kind.CONNECTION_REFUSED, "connection refused: " + origin, error)
                    : new HttpsRequestException(Kind.IO_FAILURE, "cannot connect to " + origin + ": " + reason, error);
        }
        if (error instanceof UnknownHostException) {
            return new HttpsRequestException(Kind.UNKNOWN_HOST, "unknown host: " + error.getMessage(), error);
        }
        if (error instanceof SSLException) {
            return new HttpsRequestException(Kind.TLS_FAILURE, "TLS handshake with " + origin + " failed: " + error.getMessage(), error);
        }
        return new HttpsRequestException(Kind.IO_FAILURE, request + " failed: " + error, error);
    }

    /** "5 s", "0.5 s": how the user wrote the timeout, not "PT5S". */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }

    private static <T extends Throwable> T causeOfType(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
