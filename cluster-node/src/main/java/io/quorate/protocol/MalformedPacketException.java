package io.quorate.protocol;

/**
 * An authenticated packet that breaks the wire format. Checked, so every parse step that can fail
 * says so in its signature, and the codec maps it to {@link RejectReason#MALFORMED}.
 */
final class MalformedPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedPacketException(String detail) {
        // no stack trace: these are expected outcomes of hostile input, not bugs, and must stay cheap
        super(detail, null, false, false);
    }
}
