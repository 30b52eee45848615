package io.quorate.events.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * How to reach Kafka: the bootstrap servers ({@code --kafka host:port[,host:port]}) and client
 * properties passed through from a file ({@code --kafka-config FILE}: TLS, SASL, …) to every
 * producer, consumer and admin client. {@code --kafka} wins over a {@code bootstrap.servers} line in
 * the file. Values of keys that look secret are never shown: {@link #toString()} masks them.
 */
public final class KafkaSettings {
    public static final String DEFAULT_TOPIC = "quorate.events";
    private static final String MASK = "[hidden]";

    private final String bootstrapServers;
    private final Map<String, String> properties;

    private KafkaSettings(String bootstrapServers, Map<String, String> properties) {
        this.bootstrapServers = bootstrapServers;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Plain connection to {@code host:port[,host:port]}. */
    public static KafkaSettings of(String bootstrapServers) throws KafkaSettingsException {
        return of(bootstrapServers, Map.of());
    }

    public static KafkaSettings of(String bootstrapServers, Map<String, String> properties) throws KafkaSettingsException {
        Map<String, String> merged = new LinkedHashMap<>(properties);
        String servers = bootstrapServers != null ? bootstrapServers : merged.get("bootstrap.servers");
        if (servers == null || servers.isBlank()) {
            throw new KafkaSettingsException("no Kafka bootstrap servers: give --kafka host:port");
        }
        validateServers(servers.trim());
        merged.remove("bootstrap.servers");
        return new KafkaSettings(servers.trim(), merged);
    }

    /**
     * Settings from the command line: {@code kafka} is the {@code --kafka} value (may be null when
     * the file names {@code bootstrap.servers}), {@code configFile} the {@code --kafka-config} file
     * (may be null).
     */
    public static KafkaSettings fromOptions(String kafka, Path configFile) throws KafkaSettingsException {
        Map<String, String> properties = configFile == null ? Map.of() : ClientPropertiesFile.read(configFile);
        return of(kafka, properties);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The pass-through client properties (without bootstrap.servers). */
    public Map<String, String> properties() {
        return properties;
    }

    /** Client properties: the pass-through ones, then {@code defaults} where not set, then the bootstrap servers. */
    public Properties clientProperties(Map<String, ?> defaults) {
        Properties props = new Properties();
        props.putAll(defaults);
        props.putAll(properties);
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    /** True for keys whose values must never be printed or logged. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("jaas") || k.contains("token")
                || k.contains("credential") || k.endsWith(".key") || k.contains("private");
    }

    /** The value as it may be shown: masked when the key looks secret. */
    public static String displayValue(String key, Object value) {
        return isSecret(key) ? MASK : String.valueOf(value);
    }

    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(", ", "kafka " + bootstrapServers + " {", "}");
        properties.forEach((key, value) -> joiner.add(key + "=" + displayValue(key, value)));
        return joiner.toString();
    }

    private static void validateServers(String servers) throws KafkaSettingsException {
        for (String server : List.of(servers.split(","))) {
            String entry = server.trim();
            int colon = entry.lastIndexOf(':');
            boolean ok = colon > 0 && colon < entry.length() - 1;
            if (ok) {
                try {
                    int port = Integer.parseInt(entry.substring(colon + 1));
                    ok = port > 0 && port < 65536;
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw new KafkaSettingsException("bad Kafka bootstrap server '" + entry + "': expected host:port");
            }
        }
    }

    /** A settings problem, worded for the command line (never contains a secret value). */
    public static final class KafkaSettingsException extends Exception {
        public KafkaSettingsException(String message) {
            super(message);
        }
    }

    /**
     * The {@code --kafka-config} file: Java-properties style {@code key=value} (or {@code key: value})
     * lines, {@code #}/{@code !} comments, a trailing backslash continues a line. A line that is not
     * a property is an error naming the file and line; values are never echoed in errors.
     */
    static final class ClientPropertiesFile {
        private ClientPropertiesFile() {
        }

        static Map<String, String> read(Path file) throws KafkaSettingsException {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new KafkaSettingsException("cannot read Kafka client config " + file + ": " + describe(e));
            }
            List<String> lines = decodeLines(file, bytes);
            Map<String, String> properties = new LinkedHashMap<>();
            for (int i = 0; i < lines.size(); i++) {
                int lineNumber = i + 1;
                StringBuilder logical = new StringBuilder(lines.get(i).strip());
                if (logical.length() == 0 || logical.charAt(0) == '#' || logical.charAt(0) == '!') {
                    continue;
                }
                while (endsWithContinuation(logical) && i + 1 < lines.size()) {
                    logical.setLength(logical.length() - 1);
                    logical.append(lines.get(++i).strip());
                }
                String line = logical.toString();
                int separator = separatorIndex(line);
                if (separator <= 0) {
                    throw new KafkaSettingsException(file + ":" + lineNumber + ": expected key=value");
                }
                String key = line.substring(0, separator).strip();
                String value = line.substring(separator + 1).strip();
                if (key.isEmpty() || key.contains(" ")) {
                    throw new KafkaSettingsException(file + ":" + lineNumber + ": bad property name");
                }
                properties.put(key, value);
            }
            return properties;
        }

        /** Splits into lines, decoding each as strict UTF-8 so a bad byte is reported with its line. */
        private static List<String> decodeLines(Path file, byte[] bytes) throws KafkaSettingsException {
            List<String> lines = new java.util.ArrayList<>();
            int start = 0;
            for (int i = 0; i <= bytes.length; i++) {
                if (i == bytes.length || bytes[i] == '\n') {
                    if (i == bytes.length && start == i) {
                        break;
                    }
                    try {
                        lines.add(StandardCharsets.UTF_8.newDecoder()
                                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                                .decode(java.nio.ByteBuffer.wrap(bytes, start, i - start)).toString());
                    } catch (java.nio.charset.CharacterCodingException e) {
                        throw new KafkaSettingsException(file + ":" + (lines.size() + 1) + ": not UTF-8 text");
                    }
                    start = i + 1;
                }
            }
            return lines;
        }

        private static boolean endsWithContinuation(CharSequence line) {
            int backslashes = 0;
            for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
                backslashes++;
            }
            return backslashes % 2 == 1;
        }

        private static int separatorIndex(String line) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '=' || c == ':') {
                    return i;
                }
            }
            return -1;
        }

        private static String describe(IOException e) {
            String kind = e.getClass().getSimpleName();
            if (e instanceof java.nio.file.NoSuchFileException) {
                return "no such file";
            }
            if (e instanceof java.nio.file.AccessDeniedException) {
                return "permission denied";
            }
            return e.getMessage() != null ? e.getMessage() : kind;
        }
    }
}
