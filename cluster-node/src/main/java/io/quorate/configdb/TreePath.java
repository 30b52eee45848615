package io.quorate.configdb;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Which paths the tree accepts: relative, '/'-separated, no empty, "." or ".." segment, no control
 * characters (NUL included) and no backslash, at most 4096 bytes in all and 255 per segment
 * (the limits of a Linux file system, which pmxcfs exposes).
 */
public final class TreePath {
    public static final int MAX_PATH_BYTES = 4096;
    public static final int MAX_SEGMENT_BYTES = 255;

    private TreePath() {
    }

    /** The problem with {@code path}, or empty when it is a valid file path. */
    public static Optional<String> problem(String path) {
        if (path == null || path.isEmpty()) {
            return Optional.of("path is empty");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            return Optional.of("path is longer than " + MAX_PATH_BYTES + " bytes");
        }
        if (path.startsWith("/")) {
            return Optional.of("path '" + printable(path) + "' is absolute; paths are relative to the cluster tree");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of("path '" + printable(path) + "' contains a control character (0x"
                        + Integer.toHexString(c) + ") at position " + i);
            }
            if (c == '\\') {
                return Optional.of("path '" + printable(path) + "' contains a backslash");
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < path.length()
                    && Character.isLowSurrogate(path.charAt(i + 1)))) {
                if (!(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(path.charAt(i - 1)))) {
                    return Optional.of("path contains an unpaired surrogate at position " + i);
                }
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                return Optional.of("path '" + printable(path) + "' has an empty segment (leading, trailing or double '/')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("path '" + printable(path) + "' contains a '" + segment + "' segment");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                return Optional.of("path segment longer than " + MAX_SEGMENT_BYTES + " bytes");
            }
        }
        return Optional.empty();
    }

    /** A prefix for ls/watch: "" (the whole tree) or a valid path, with one trailing '/' allowed. */
    public static Optional<String> prefixProblem(String prefix) {
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        return problem(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
    }

    /** The path with control characters shown as escapes, for error messages. */
    static String printable(String path) {
        StringBuilder out = new StringBuilder();
        path.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
