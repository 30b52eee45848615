package io.quorate.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads "500ms", "30s", "2m" (or a bare number of milliseconds) as milliseconds. */
public final class DurationMillisConverter implements ITypeConverter<Long> {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

    @Override
    public Long convert(String value) {
        Matcher m = DURATION.matcher(value.strip());
        if (!m.matches()) {
            throw new TypeConversionException("expected a duration like 500ms, 30s or 2m, got '" + value + "'");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "s" -> amount * 1000;
            case "m" -> amount * 60_000;
            default -> amount;
        };
    }
}
