package io.quorate.core;

/** The answer to a client request the driver made with {@code requestId}. */
public record Reply(long requestId, Outcome outcome) {
}
