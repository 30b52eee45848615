package io.quorate.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * JSON form of an {@link Event}: one flat object with the envelope fields, {@code type},
 * {@code version} and the record's fields under {@code data}. Times are RFC 3339 (UTC); {@code hlc} is
 * the hybrid logical clock as one number (see {@link HybridClock}), absent in old lines.
 */
public final class EventJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode toTree(Event event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", event.id());
        node.put("cluster", event.cluster());
        node.put("node", event.node());
        node.put("incarnation", event.incarnation());
        node.put("seq", event.seq());
        node.put("time", event.time().toString());
        node.put("hlc", event.hlc());
        node.put("type", event.type());
        node.put("version", event.data().schemaVersion());
        node.set("data", MAPPER.valueToTree(event.data()));
        return node;
    }

    public static String encode(Event event) {
        return new String(encodeBytes(event), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * UTF-8 JSON bytes, as the spool and Kafka carry them: the same document as {@link #toTree},
     * written field by field without building a tree (this runs for every event a node emits).
     */
    public static byte[] encodeBytes(Event event) {
        com.fasterxml.jackson.core.util.ByteArrayBuilder out = new com.fasterxml.jackson.core.util.ByteArrayBuilder(256);
        try (com.fasterxml.jackson.core.JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", event.id());
            json.writeStringField("cluster", event.cluster());
            json.writeStringField("node", event.node());
            json.writeNumberField("incarnation", event.incarnation());
            json.writeNumberField("seq", event.seq());
            json.writeStringField("time", event.time().toString());
            json.writeNumberField("hlc", event.hlc());
            json.writeStringField("type", event.type());
            json.writeNumberField("version", event.data().schemaVersion());
            json.writeFieldName("data");
            MAPPER.writeValue(json, event.data());
            json.writeEndObject();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode event " + event.id(), e);
        }
        return out.toByteArray();
    }

    /**
     * Parses one event from UTF-8 JSON bytes; see {@link #decode(String)}. Events as Quorate writes
     * them (type before data) are read in one streaming pass without a tree (replay and consumers
     * decode every event); anything else, and every error, takes the tree path, whose messages name
     * the problem.
     */
    public static Event decode(byte[] json) throws EventFormatException {
        Event fast = decodeStreaming(json);
        return fast != null ? fast : decode(new String(json, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The streaming pass; null when the record does not fit it (the tree path then decides). */
    private static Event decodeStreaming(byte[] json) {
        String id = null;
        String cluster = null;
        String node = null;
        String time = null;
        String type = null;
        long incarnation = 0;
        long seq = 0;
        long hlc = 0;
        int version = 1;
        EventData data = null;
        try (com.fasterxml.jackson.core.JsonParser parser = MAPPER.getFactory().createParser(json)) {
            if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                com.fasterxml.jackson.core.JsonToken value = parser.nextToken();
                switch (field) {
                    case "id" -> id = textOrNull(parser, value);
                    case "cluster" -> cluster = textOrNull(parser, value);
                    case "node" -> node = textOrNull(parser, value);
                    case "time" -> time = textOrNull(parser, value);
                    case "type" -> type = textOrNull(parser, value);
                    case "incarnation" -> incarnation = parser.getValueAsLong();
                    case "seq" -> seq = parser.getValueAsLong();
                    case "hlc" -> hlc = parser.getValueAsLong();
                    case "version" -> version = parser.getValueAsInt(1);
                    case "data" -> {
                        Class<? extends EventData> kind = type == null ? null : EventTypes.forName(type);
                        if (kind == null || version > EventTypes.versionOf(kind)) {
                            return null;
                        }
                        data = MAPPER.readValue(parser, kind);
                    }
                    default -> parser.skipChildren();
                }
            }
            if (id == null || node == null || time == null || data == null) {
                return null;
            }
            return new Event(id, cluster, node, incarnation, seq, Instant.parse(time), data, hlc);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private static String textOrNull(com.fasterxml.jackson.core.JsonParser parser, com.fasterxml.jackson.core.JsonToken value)
            throws java.io.IOException {
        return value == com.fasterxml.jackson.core.JsonToken.VALUE_STRING ? parser.getText() : null;
    }

    /** Parses one event; a malformed or unknown record fails with a message naming the problem. */
    public static Event decode(String json) throws EventFormatException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new EventFormatException("not JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new EventFormatException("event is not a JSON object");
        }
        String type = text(tree, "type");
        Class<? extends EventData> kind = EventTypes.forName(type);
        if (kind == null) {
            throw new EventFormatException("unknown event type '" + type + "'");
        }
        int version = tree.path("version").asInt(1);
        if (version > EventTypes.versionOf(kind)) {
            throw new EventFormatException("event type " + type + " version " + version
                    + " is newer than this reader (" + EventTypes.versionOf(kind) + ")");
        }
        EventData data;
        try {
            data = MAPPER.treeToValue(tree.path("data"), kind);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new EventFormatException("bad data for " + type + ": " + e.getMessage());
        }
        Instant time;
        try {
            time = Instant.parse(text(tree, "time"));
        } catch (DateTimeParseException e) {
            throw new EventFormatException("bad time: " + e.getParsedString());
        }
        // hlc is absent from lines written before the hybrid clock existed: 0 means unknown
        return new Event(text(tree, "id"), tree.path("cluster").asText(null), text(tree, "node"),
                tree.path("incarnation").asLong(), tree.path("seq").asLong(), time, data, tree.path("hlc").asLong(0));
    }

    private static String text(JsonNode tree, String field) throws EventFormatException {
        JsonNode value = tree.get(field);
        if (value == null || !value.isTextual()) {
            throw new EventFormatException("missing field '" + field + "'");
        }
        return value.asText();
    }

    /** A record that is not a valid event. */
    public static final class EventFormatException extends Exception {
        public EventFormatException(String message) {
            super(message);
        }
    }
}
