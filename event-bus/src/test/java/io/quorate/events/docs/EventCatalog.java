package io.quorate.events.docs;

import io.quorate.events.EventData;
import io.quorate.events.EventTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Generates {@code docs/events.md} from the event records themselves (families, type names, versions,
 * fields and their JSON types, by reflection over {@link EventData}'s sealed families) and the
 * descriptions in {@code event-catalog.properties}. {@link #missing()} and {@link #stale()} say which
 * descriptions the records need or no longer have.
 */
final class EventCatalog {
    static final String DESCRIPTIONS = "event-catalog.properties";

    private final Properties descriptions = new Properties();
    private final Set<String> wanted = new LinkedHashSet<>();
    private final Map<Class<?>, String> nestedRecords = new LinkedHashMap<>();

    EventCatalog() {
        try (InputStream in = EventCatalog.class.getResourceAsStream(DESCRIPTIONS)) {
            descriptions.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole Markdown page. */
    String markdown() {
        wanted.clear();
        nestedRecords.clear();
        StringBuilder md = new StringBuilder();
        md.append("# Event catalogue\n\n")
                .append("<!-- Generated from the event records by EventCatalogTest (descriptions in event-bus/src/test/resources/")
                .append("io/quorate/events/docs/").append(DESCRIPTIONS).append("). Do not edit by hand: regenerate with\n")
                .append("     ").append(EventCatalogTest.REGENERATE).append(" -->\n\n")
                .append("Every state change a Quorate node makes is an event: a typed, versioned record with an envelope that says who\n")
                .append("emitted it and where it sits in that node's stream. The same events feed metrics, the Kafka topic, `quorate events\n")
                .append("tail`, `quorate replay` and the invariant checkers (DESIGN.md: one model, many readers).\n\n");
        envelope(md);
        kafka(md);
        readers(md);
        index(md);
        for (Class<?> family : EventData.class.getPermittedSubclasses()) {
            family(md, family);
        }
        nested(md);
        return md.toString();
    }

    private static void envelope(StringBuilder md) {
        md.append("## Envelope\n\n")
                .append("One JSON object per event (a line in `events.jsonl`, a spool record, a Kafka record value):\n\n")
                .append("| field | JSON type | meaning |\n|---|---|---|\n")
                .append("| `id` | string | `<node>/<incarnation>/<seq>`: unique; consumers de-duplicate by it |\n")
                .append("| `cluster` | string | cluster name |\n")
                .append("| `node` | string | emitting node's name |\n")
                .append("| `incarnation` | integer | grows by one at every start of the node process |\n")
                .append("| `seq` | integer | per-incarnation sequence number from 1, gap-free: a gap is loss |\n")
                .append("| `time` | string | wall time of the emitting node, RFC 3339 UTC (`2026-11-25T09:57:57.123Z`) |\n")
                .append("| `hlc` | integer | hybrid logical clock: milliseconds since the epoch << 16 \\| logical counter. Merging nodes ")
                .append("by `hlc` (ties: node, incarnation, seq) gives an order consistent with causality; 0 = unknown |\n")
                .append("| `type` | string | dotted event type, e.g. `quorum.lost` (below) |\n")
                .append("| `version` | integer | schema version of the type; a reader refuses versions newer than its own |\n")
                .append("| `data` | object | the type's fields (below) |\n\n")
                .append("Absent values in `data` are `null`; unknown fields are ignored by readers.\n\n");
    }

    private static void kafka(StringBuilder md) {
        md.append("## On Kafka\n\n")
                .append("- Topic: one, `quorate.events` by default (`--topic` / `--kafka-topic`).\n")
                .append("- Key: the node name, so each node's events stay in one partition, in order.\n")
                .append("- Value: the event's JSON as above. Record timestamp: the event's `time`, so readers seek by time ")
                .append("(`offsetsForTimes`).\n")
                .append("- Headers, CloudEvents 1.0 binary mode (Kafka protocol binding):\n\n")
                .append("| header | value |\n|---|---|\n")
                .append("| `ce_specversion` | `1.0` |\n")
                .append("| `ce_id` | the event's `id` |\n")
                .append("| `ce_source` | `/quorate/<cluster>/<node>` |\n")
                .append("| `ce_type` | the event's `type` |\n")
                .append("| `ce_time` | the event's `time` (RFC 3339) |\n")
                .append("| `content-type` | `application/json` |\n\n")
                .append("Records without these headers, or whose headers disagree with the value, are foreign or damaged: readers ")
                .append("count them, report them and skip them.\n\n");
    }

    private static void readers(StringBuilder md) {
        md.append("## Reading the stream\n\n")
                .append("- `quorate events tail --kafka HOST:PORT [--type PREFIX] [--node NAME] [--from TIME] [--follow]` prints ")
                .append("events one a line (`<time> <node> #<seq> <type> <data>`, or each event's JSON with `--output-format json`); ")
                .append("`--type quorum` matches every `quorum.*`.\n")
                .append("- `quorate replay --kafka HOST:PORT --from TIME --to TIME [--at TIME] [--html FILE]` seeks to 65 s before ")
                .append("`--from`, starts each node's fold at its last `snapshot.view` before `--from`, merges nodes by `hlc`, prints ")
                .append("the timeline, the state at `--at` and the invariant checks (no resource on two nodes, no write without a ")
                .append("majority, fence before recover, gap-free sequences); exit code 1 when one fails.\n")
                .append("- Both read each event once (by `id`) and count, report and skip records that are not events.\n")
                .append("- The fold behind replay (and metrics) is `io.quorate.events.fold.ClusterState`; its rules are documented ")
                .append("in `FoldRules`.\n\n");
    }

    private void index(StringBuilder md) {
        md.append("## Types\n\n");
        for (Class<?> family : EventData.class.getPermittedSubclasses()) {
            md.append("- ").append(familyTitle(family)).append(": ");
            List<String> names = new ArrayList<>();
            for (Class<?> kind : family.getPermittedSubclasses()) {
                String name = EventTypes.nameOf(kind);
                names.add("[`" + name + "`](#" + name.replace(".", "") + ")");
            }
            md.append(String.join(", ", names)).append('\n');
        }
        md.append('\n');
    }

    private void family(StringBuilder md, Class<?> family) {
        md.append("## ").append(familyTitle(family)).append("\n\n").append(describe("family." + family.getSimpleName())).append("\n\n");
        for (Class<?> kind : family.getPermittedSubclasses()) {
            String name = EventTypes.nameOf(kind);
            md.append("### ").append(name).append("\n\n").append(describe("type." + name))
                    .append(" Schema version ").append(EventTypes.versionOf(kind)).append(".\n\n");
            fields(md, kind, "field." + name + ".");
        }
    }

    private static String familyTitle(Class<?> family) {
        Set<String> prefixes = new TreeSet<>();
        for (Class<?> kind : family.getPermittedSubclasses()) {
            String name = EventTypes.nameOf(kind);
            prefixes.add("`" + name.substring(0, name.indexOf('.')) + ".*`");
        }
        return String.join(", ", prefixes) + " (" + family.getSimpleName() + ")";
    }

    private void fields(StringBuilder md, Class<?> record, String keyPrefix) {
        RecordComponent[] components = record.getRecordComponents();
        if (components.length == 0) {
            md.append("No fields.\n\n");
            return;
        }
        md.append("| field | JSON type | meaning |\n|---|---|---|\n");
        for (RecordComponent component : components) {
            md.append("| `").append(component.getName()).append("` | ").append(jsonType(component.getGenericType())).append(" | ")
                    .append(describe(keyPrefix + component.getName()).replace("|", "\\|")).append(" |\n");
        }
        md.append('\n');
    }

    private void nested(StringBuilder md) {
        if (nestedRecords.isEmpty()) {
            return;
        }
        md.append("## Nested objects\n\n");
        // describing a nested record may find more nested records: iterate over a snapshot until none is new
        Set<Class<?>> done = new LinkedHashSet<>();
        while (done.size() < nestedRecords.size()) {
            for (Map.Entry<Class<?>, String> nested : new ArrayList<>(nestedRecords.entrySet())) {
                if (done.add(nested.getKey())) {
                    md.append("### ").append(nested.getValue()).append("\n\n");
                    fields(md, nested.getKey(), "record." + nested.getValue() + ".");
                }
            }
        }
    }

    private String jsonType(Type type) {
        if (type instanceof ParameterizedType) {
            ParameterizedType generic = (ParameterizedType) type;
            Class<?> raw = (Class<?>) generic.getRawType();
            Type[] args = generic.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
                return "array of " + jsonType(args[0]);
            }
            if (Map.class.isAssignableFrom(raw)) {
                return "object: name → " + jsonType(args[1]);
            }
            throw new IllegalStateException("no JSON type for " + type);
        }
        Class<?> plain = (Class<?>) type;
        if (plain == String.class) {
            return "string";
        }
        if (plain == int.class || plain == long.class || plain == Integer.class || plain == Long.class) {
            return "integer";
        }
        if (plain == double.class || plain == float.class || plain == Double.class) {
            return "number";
        }
        if (plain == boolean.class || plain == Boolean.class) {
            return "boolean";
        }
        if (plain.isRecord()) {
            String name = plain.getEnclosingClass() == null ? plain.getSimpleName()
                    : plain.getEnclosingClass().getSimpleName() + "." + plain.getSimpleName();
            nestedRecords.putIfAbsent(plain, name);
            return "object ([" + name + "](#" + name.toLowerCase(java.util.Locale.ROOT).replace(".", "") + "))";
        }
        throw new IllegalStateException("no JSON type for " + type);
    }

    private String describe(String key) {
        wanted.add(key);
        String text = descriptions.getProperty(key);
        return text == null ? "**undocumented**" : text.strip();
    }

    /** Descriptions the records need but the properties file lacks (after {@link #markdown()}). */
    List<String> missing() {
        markdown();
        return wanted.stream().filter(key -> descriptions.getProperty(key) == null).toList();
    }

    /** Descriptions in the properties file that no record, type or field has any more. */
    List<String> stale() {
        markdown();
        return descriptions.stringPropertyNames().stream().filter(key -> !wanted.contains(key)).sorted().toList();
    }
}
