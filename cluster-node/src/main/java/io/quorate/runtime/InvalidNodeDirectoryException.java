package io.quorate.runtime;

/** A node directory file is missing or malformed; the message names the file and the problem. */
public final class InvalidNodeDirectoryException extends Exception {
    public InvalidNodeDirectoryException(String message) {
        super(message);
    }
}
