package io.quorate.events.replay;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;

/** The JSON form of a replay: one object with the window, counts, timeline, state at --at and verdicts. */
public final class ReplayJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule()
            .addSerializer(Instant.class, new JsonSerializer<Instant>() {
                @Override
                public void serialize(Instant value, JsonGenerator json, SerializerProvider provider) throws IOException {
                    json.writeString(Rfc3339.format(value));
                }
            }));

    private ReplayJson() {
    }

    /** Plain records as JSON, with times in RFC 3339 (the state summary, timeline entries, …). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String render(ReplayReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.set("window", MAPPER.valueToTree(report.window()));
        root.set("read", MAPPER.valueToTree(report.read()));
        root.put("folded", report.folded());
        root.set("timeline", MAPPER.valueToTree(report.timeline()));
        root.set("stateAt", report.stateAt() == null ? null : MAPPER.valueToTree(report.stateAt()));
        ArrayNode invariants = root.putArray("invariants");
        for (String invariant : report.invariants()) {
            invariants.addObject().put("name", invariant)
                    .put("passed", report.violations().stream().noneMatch(v -> v.invariant().equals(invariant)));
        }
        root.set("violations", MAPPER.valueToTree(report.violations()));
        root.put("passed", report.passed());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the replay report", e);
        }
    }
}
