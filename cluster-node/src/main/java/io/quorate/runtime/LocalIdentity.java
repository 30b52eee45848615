package io.quorate.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which nodelist entry this directory is, and where its HTTPS API listens: the facts that differ
 * per node and so do not belong in the shared corosync.conf. Stored as {@code <dir>/local.conf}
 * in corosync's {@code key: value} form.
 */
public record LocalIdentity(String nodeName, HostPort api) {
    public static final String FILE = "local.conf";

    public static LocalIdentity load(Path dir) throws IOException, InvalidNodeDirectoryException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidNodeDirectoryException(file + ": missing (is " + dir + " a node directory made by 'quorate cm create' or 'cm add'?)");
        }
        Map<String, String> values = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new InvalidNodeDirectoryException(file + ":" + lineNumber + ": expected 'key: value', got '" + trimmed + "'");
            }
            values.put(trimmed.substring(0, colon).strip(), trimmed.substring(colon + 1).strip());
        }
        String node = values.get("node");
        if (node == null || node.isEmpty()) {
            throw new InvalidNodeDirectoryException(file + ": missing 'node: <name>'");
        }
        String api = values.get("api");
        if (api == null) {
            throw new InvalidNodeDirectoryException(file + ": missing 'api: <ip:port>'");
        }
        try {
            return new LocalIdentity(node, HostPort.parse(api));
        } catch (IllegalArgumentException e) {
            throw new InvalidNodeDirectoryException(file + ": api: " + e.getMessage());
        }
    }

    public void write(Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), "node: " + nodeName + "\napi: " + api + "\n", StandardCharsets.UTF_8);
    }
}
