package io.quorate.cli;

import picocli.CommandLine.ITypeConverter;

/** Reads a duration that may be negative ("-2s", "+3s", "500ms") as milliseconds. */
public final class SignedDurationMillisConverter implements ITypeConverter<Long> {
    private final DurationMillisConverter magnitude = new DurationMillisConverter();

    @Override
    public Long convert(String value) {
        String text = value.strip();
        if (text.startsWith("-")) {
            return -magnitude.convert(text.substring(1));
        }
        return magnitude.convert(text.startsWith("+") ? text.substring(1) : text);
    }
}
