package io.quorate.ha.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Value formats shared by the HA config files, each as Proxmox defines it. Failures are
 * {@link IllegalArgumentException}s with a message fit for an operator; the file readers add source
 * and line.
 */
final class HaSyntax {

    /** {@code pve-configid} ({@code PVE::JSONSchema::$CONFIGID_RE}): group and rule ids. */
    static final Pattern CONFIG_ID = Pattern.compile("[a-zA-Z][a-zA-Z0-9_-]+");

    /** {@code pve-node}: a host name label. */
    static final Pattern NODE_NAME = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?");

    /** Comments longer than this are refused ({@code maxLength => 4096} in every HA schema). */
    static final int MAX_COMMENT_LENGTH = 4096;

    private static final Pattern LIST_SEPARATORS = Pattern.compile("[\\x00\\s,;]+");

    private HaSyntax() {
    }

    static String requireConfigId(String what, String id) {
        if (id == null || !CONFIG_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid " + what + " '" + id
                    + "': must start with a letter, followed by at least one letter, digit, '-' or '_'");
        }
        return id;
    }

    static String requireNodeName(String node) {
        if (node == null || !NODE_NAME.matcher(node).matches()) {
            throw new IllegalArgumentException("invalid node name '" + node
                    + "': letters, digits and inner '-' only");
        }
        return node;
    }

    /**
     * A comment as the files keep it: one line, no surrounding blanks (the reader strips them), at
     * most {@value #MAX_COMMENT_LENGTH} characters; an empty comment is no comment (Proxmox does not
     * write empty values).
     */
    static Optional<String> comment(Optional<String> comment) {
        if (comment == null || comment.isEmpty()) {
            return Optional.empty();
        }
        String text = comment.get().strip();
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("comment must be a single line");
        }
        if (text.length() > MAX_COMMENT_LENGTH) {
            throw new IllegalArgumentException(
                    "comment is longer than " + MAX_COMMENT_LENGTH + " characters (" + text.length() + ")");
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /**
     * A JSON-schema boolean as {@code PVE::JSONSchema} reads it: {@code 1|true|yes|on} and
     * {@code 0|false|no|off}, any case; a bare key (empty value) is true, as SectionConfig has it.
     */
    static boolean parseBoolean(String value) {
        if (value.isEmpty()) {
            return true;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on":
                return true;
            case "0", "false", "no", "off":
                return false;
            default:
                throw new IllegalArgumentException("expected a boolean (0 or 1), got '" + value + "'");
        }
    }

    static String formatBoolean(boolean value) {
        return value ? "1" : "0";
    }

    static int parseInt(String value, int min, int max) {
        if (!value.matches("[+-]?\\d+")) {
            throw new IllegalArgumentException("expected an integer, got '" + value + "'");
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException tooLong) {
            parsed = value.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(value + " is out of range " + min + ".." + max);
        }
        return (int) parsed;
    }

    /** {@code PVE::Tools::split_list}: items separated by commas, semicolons or blanks. */
    static List<String> splitList(String value) {
        return Arrays.stream(LIST_SEPARATORS.split(value.strip())).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * {@code PVE::Tools::encode_text}, used for rule comments: UTF-8, then every byte outside
     * printable ASCII, and {@code ':'}, as {@code %XX}. Quorate also escapes {@code '%'} itself
     * (Proxmox does not, so a literal "%41" would not survive its round trip); Proxmox's decoder
     * reads {@code %25} back as '%' all the same.
     */
    static String encodeText(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c <= 0x7e && c != ':' && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }

    /** {@code PVE::Tools::decode_text}: {@code %XX} to bytes (other '%' kept), then UTF-8. */
    static String decodeText(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && isHex(raw[i + 1]) && isHex(raw[i + 2])) {
                bytes.write(Character.digit(raw[i + 1], 16) * 16 + Character.digit(raw[i + 2], 16));
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A {@code nodes} value: {@link NodePriorities#parse}, at least one node. */
    static NodePriorities nonEmptyNodes(String text) {
        NodePriorities nodes = NodePriorities.parse(text);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no nodes given");
        }
        return nodes;
    }

    /** A rule's resources: a sorted, unmodifiable, non-empty copy. */
    static SortedSet<ResourceId> ruleResources(String ruleId, SortedSet<ResourceId> resources) {
        Objects.requireNonNull(resources, "resources");
        TreeSet<ResourceId> copy = new TreeSet<>();
        for (ResourceId sid : resources) {
            copy.add(Objects.requireNonNull(sid, "resource"));
        }
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("rule '" + ruleId + "' needs at least one resource");
        }
        return Collections.unmodifiableSortedSet(copy);
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }
}
