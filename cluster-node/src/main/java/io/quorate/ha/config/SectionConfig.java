package io.quorate.ha.config;

import io.quorate.config.ConfigException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proxmox's section-config syntax (pve-common {@code PVE::SectionConfig}), the layout of
 * {@code ha/resources.cfg}, {@code ha/groups.cfg}, {@code ha/rules.cfg}, {@code storage.cfg} and
 * Quorate's {@code ha/fence.cfg}:
 *
 * <pre>
 * type: id
 * 	key value
 * 	flag
 *
 * type: id2
 * 	key value
 * </pre>
 *
 * <p>This class is the syntax only: sections in file order, each with its properties in file
 * order. The typed files ({@link ResourcesConfig}, {@link GroupsConfig}, {@link RulesConfig},
 * {@link FenceConfig}) give the keys meaning. Reading follows Proxmox's parser where it is
 * well defined:
 * <ul>
 *   <li>a header is {@code type: id} at the start of a line ({@code ^(\S+):\s*(\S+)\s*$});</li>
 *   <li>a property is an indented {@code key value} line; the value is the rest of the line without
 *       surrounding blanks and may be absent (a bare boolean flag such as {@code disable});</li>
 *   <li>an empty line ends a section; a line of only blanks is skipped without ending it;</li>
 *   <li>a line whose first non-blank character is {@code #} is a comment, anywhere; comments are
 *       not kept, as in Proxmox, which drops them when it writes the file.</li>
 * </ul>
 * Where Proxmox only warns and silently drops data, this reader refuses the file instead and names
 * the line: a property line outside a section (missing header), a header line not preceded by a
 * blank line (Proxmox would drop that header and file its properties under the previous section), a
 * line that is neither, a key given twice in one section, and a section ({@code type} and
 * {@code id}) given twice (Proxmox keeps the last copy).
 *
 * <p>{@link #write()} produces Proxmox's layout: header, one tab-indented line per property, and an
 * empty line after every section (including the last).
 */
public final class SectionConfig {

    private static final Pattern HEADER = Pattern.compile("^(\\S+):\\s*(\\S+)\\s*$");
    private static final Pattern PROPERTY = Pattern.compile("^\\s+(\\S+)(?:\\s+(.*\\S))?\\s*$");
    private static final Pattern COMMENT = Pattern.compile("^\\s*#.*");

    /**
     * One {@code key value} line. An absent value is the empty string (a bare flag). The line is
     * where it was read (for messages), or {@link ConfigException#NO_LINE} for a property built in
     * code; it is not part of equality, so a parsed property equals the one that was written.
     */
    public record Property(String key, String value, int line) {

        public Property {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("invalid property key '" + key + "'");
            }
            if (key.startsWith("#")) {
                throw new IllegalArgumentException("property key must not start with '#': '" + key + "'");
            }
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("value of '" + key + "' contains a line break");
            }
            if (!value.equals(value.strip())) {
                throw new IllegalArgumentException(
                        "value of '" + key + "' must not begin or end with blanks: '" + value + "'");
            }
        }

        public Property(String key, String value) {
            this(key, value, ConfigException.NO_LINE);
        }

        /** True for a bare key without value ({@code disable}). */
        public boolean isFlag() {
            return value.isEmpty();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Property that && key.equals(that.key) && value.equals(that.value);
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, value);
        }

        @Override
        public String toString() {
            return value.isEmpty() ? key : key + " " + value;
        }
    }

    /**
     * One section: {@code type: id} and its properties in order. Keys are unique within a section.
     * As with {@link Property}, the line is not part of equality.
     */
    public record Section(String type, String id, List<Property> properties, int line) {

        public Section {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(id, "id");
            if (type.isEmpty() || type.indexOf(':') >= 0 || type.startsWith("#")
                    || type.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("invalid section type '" + type + "'");
            }
            if (id.isEmpty() || id.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("invalid section id '" + id + "'");
            }
            properties = List.copyOf(properties);
            Map<String, Property> seen = new HashMap<>();
            for (Property property : properties) {
                if (seen.put(property.key(), property) != null) {
                    throw new IllegalArgumentException(
                            "section '" + type + ": " + id + "' has key '" + property.key() + "' twice");
                }
            }
        }

        public Section(String type, String id, List<Property> properties) {
            this(type, id, properties, ConfigException.NO_LINE);
        }

        /** The property with this key, if present. */
        public java.util.Optional<Property> property(String key) {
            return properties.stream().filter(p -> p.key().equals(key)).findFirst();
        }

        /** {@code type: id}, as in the header. */
        public String label() {
            return type + ": " + id;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Section that && type.equals(that.type) && id.equals(that.id)
                    && properties.equals(that.properties);
        }

        @Override
        public int hashCode() {
            return Objects.hash(type, id, properties);
        }

        @Override
        public String toString() {
            return label() + " " + properties;
        }
    }

    private final List<Section> sections;

    private SectionConfig(List<Section> sections) {
        this.sections = List.copyOf(sections);
    }

    /** Sections in file order; no two share both type and id. */
    public static SectionConfig of(List<Section> sections) {
        Map<String, Section> seen = new HashMap<>();
        for (Section section : sections) {
            if (seen.put(section.label(), section) != null) {
                throw new IllegalArgumentException("duplicate section '" + section.label() + "'");
            }
        }
        return new SectionConfig(sections);
    }

    /**
     * Reads section-config text.
     *
     * @param source what to call the text in messages, usually its path ({@code ha/resources.cfg})
     * @throws ConfigException naming source, line and reason
     */
    public static SectionConfig parse(String source, String text) throws ConfigException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        List<Section> done = new ArrayList<>();
        Map<String, Integer> headerLines = new LinkedHashMap<>();
        OpenSection open = null;
        String[] lines = text.split("\n", -1);
        for (int index = 0; index < lines.length; index++) {
            int lineNo = index + 1;
            String line = stripCarriageReturn(lines[index]);
            if (COMMENT.matcher(line).matches()) {
                continue;
            }
            if (line.isEmpty()) {
                if (open != null) {
                    done.add(open.close());
                    open = null;
                }
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (open == null) {
                    throw new ConfigException(source, lineNo, "property line '" + line.strip()
                            + "' outside a section (missing 'type: id' header?)");
                }
                open.add(source, line, lineNo);
                continue;
            }
            if (open != null) {
                throw new ConfigException(source, lineNo, "'" + line.strip() + "' must be an indented"
                        + " 'key value' line, or a section header after an empty line (section '"
                        + open.type + ": " + open.id + "' from line " + open.line + " is still open)");
            }
            Matcher header = HEADER.matcher(line);
            if (!header.matches()) {
                throw new ConfigException(source, lineNo,
                        "expected a section header 'type: id', got '" + line.strip() + "'");
            }
            String type = header.group(1);
            String id = header.group(2);
            String label = type + ": " + id;
            Integer first = headerLines.putIfAbsent(label, lineNo);
            if (first != null) {
                throw new ConfigException(source, lineNo,
                        "duplicate section '" + label + "' (first on line " + first + ")");
            }
            if (type.indexOf(':') >= 0) {
                throw new ConfigException(source, lineNo, "invalid section type '" + type + "'");
            }
            open = new OpenSection(type, id, lineNo);
        }
        if (open != null) {
            done.add(open.close());
        }
        return new SectionConfig(done);
    }

    /** The sections in order. */
    public List<Section> sections() {
        return sections;
    }

    /** Proxmox's layout: header, tab-indented properties, an empty line after every section. */
    public String write() {
        StringBuilder out = new StringBuilder();
        for (Section section : sections) {
            out.append(section.type()).append(": ").append(section.id()).append('\n');
            for (Property property : section.properties()) {
                out.append('\t').append(property.key());
                if (!property.value().isEmpty()) {
                    out.append(' ').append(property.value());
                }
                out.append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SectionConfig that && sections.equals(that.sections);
    }

    @Override
    public int hashCode() {
        return sections.hashCode();
    }

    @Override
    public String toString() {
        return "SectionConfig" + sections;
    }

    private static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** A section whose ending empty line has not been read yet. */
    private static final class OpenSection {
        private final String type;
        private final String id;
        private final int line;
        private final List<Property> properties = new ArrayList<>();
        private final Map<String, Integer> keyLines = new HashMap<>();

        OpenSection(String type, String id, int line) {
            this.type = type;
            this.id = id;
            this.line = line;
        }

        void add(String source, String text, int lineNo) throws ConfigException {
            Matcher matcher = PROPERTY.matcher(text);
            if (!matcher.matches()) {
                throw new ConfigException(source, lineNo, "expected 'key value', got '" + text.strip() + "'");
            }
            String key = matcher.group(1);
            String value = matcher.group(2) == null ? "" : matcher.group(2);
            Integer first = keyLines.putIfAbsent(key, lineNo);
            if (first != null) {
                throw new ConfigException(source, lineNo, "section '" + type + ": " + id + "': duplicate key '"
                        + key + "' (first on line " + first + ")");
            }
            properties.add(new Property(key, value, lineNo));
        }

        Section close() {
            return new Section(type, id, properties, line);
        }
    }
}
