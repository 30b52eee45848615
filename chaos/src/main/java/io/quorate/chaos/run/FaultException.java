package io.quorate.chaos.run;

/** A fault cannot be applied or healed; the message says which and why. */
public class FaultException extends RuntimeException {
    public FaultException(String message) {
        super(message);
    }

    public FaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
