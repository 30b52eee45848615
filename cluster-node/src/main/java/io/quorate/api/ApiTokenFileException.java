package io.quorate.api;

import java.io.IOException;

/** A token file that is missing, unreadable, empty or malformed; the message names the file, never its content. */
public final class ApiTokenFileException extends IOException {

    public ApiTokenFileException(String message) {
        super(message);
    }

    public ApiTokenFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
