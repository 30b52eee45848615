package io.quorate.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads corosync.conf syntax into a {@link ConfTree}, following corosync's own parser: one entry per
 * line, {@code #} comments and blank lines ignored, {@code key: value} split at the first colon,
 * {@code name {} (or {@code name{}) opening a section and a lone {@code }} closing it.
 */
final class ConfParser {

    /** A section whose closing brace has not been seen yet. */
    private record OpenSection(String name, int line, List<ConfEntry> entries) {
    }

    private final String source;

    ConfParser(String source) {
        this.source = source;
    }

    ConfTree parse(String text) throws ConfigException {
        Deque<OpenSection> open = new ArrayDeque<>();
        open.push(new OpenSection("", ConfEntry.NO_LINE, new ArrayList<>()));
        List<String> lines = text.lines().toList();
        for (int index = 0; index < lines.size(); index++) {
            readLine(lines.get(index).strip(), index + 1, open);
        }
        if (open.size() > 1) {
            OpenSection unclosed = open.peek();
            throw error(unclosed.line(), "section '" + unclosed.name() + "' is not closed");
        }
        return ConfTree.of(open.pop().entries());
    }

    private void readLine(String line, int lineNo, Deque<OpenSection> open) throws ConfigException {
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        if (line.startsWith("}")) {
            closeSection(line, lineNo, open);
        } else if (line.endsWith("{")) {
            String name = line.substring(0, line.length() - 1).strip();
            checkSectionName(name, lineNo);
            open.push(new OpenSection(name, lineNo, new ArrayList<>()));
        } else if (line.contains(":")) {
            int colon = line.indexOf(':');
            String key = line.substring(0, colon).strip();
            checkKey(key, lineNo);
            open.peek().entries().add(new ConfPair(key, line.substring(colon + 1).strip(), lineNo));
        } else {
            throw error(lineNo, "expected 'key: value', 'name {' or '}', got '" + line + "'");
        }
    }

    private void closeSection(String line, int lineNo, Deque<OpenSection> open) throws ConfigException {
        if (!line.equals("}")) {
            throw error(lineNo, "unexpected text after '}': '" + line + "'");
        }
        if (open.size() == 1) {
            throw error(lineNo, "'}' without an open section");
        }
        OpenSection closed = open.pop();
        open.peek().entries().add(new ConfSection(closed.name(), closed.entries(), closed.line()));
    }

    private void checkSectionName(String name, int lineNo) throws ConfigException {
        if (name.isEmpty()) {
            throw error(lineNo, "section name missing before '{'");
        }
        if (!isWord(name)) {
            throw error(lineNo, "invalid section name '" + name + "'");
        }
    }

    private void checkKey(String key, int lineNo) throws ConfigException {
        if (key.isEmpty()) {
            throw error(lineNo, "empty key before ':'");
        }
        if (key.contains("{")) {
            throw error(lineNo, "'{' must end its line, got '" + key + "'");
        }
        if (!isWord(key)) {
            throw error(lineNo, "invalid key '" + key + "'");
        }
    }

    /** Keys and section names are single words: corosync maps them onto dotted icmap keys. */
    private static boolean isWord(String text) {
        return text.chars().noneMatch(c -> Character.isWhitespace(c) || c == ':' || c == '{' || c == '}');
    }

    private ConfigException error(int line, String problem) {
        return new ConfigException(source, line, problem);
    }
}
