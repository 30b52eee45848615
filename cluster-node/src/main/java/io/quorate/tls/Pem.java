package io.quorate.tls;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PEM text encoding (RFC 7468): a Base64 body in 64-character lines between BEGIN/END labels. */
final class Pem {

    private static final Base64.Encoder BODY = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {
    }

    static byte[] encode(String label, byte[] der) {
        String text = "-----BEGIN " + label + "-----\n"
                + BODY.encodeToString(der) + "\n"
                + "-----END " + label + "-----\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
