package io.quorate.chaos.lab;

/** A lab cannot be built, found or removed; the message says why and what to do. */
public final class LabException extends RuntimeException {
    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
