package io.quorate.exporter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.Event;
import io.quorate.events.EventData;
import io.quorate.events.GuestEvent;
import io.quorate.events.MembershipEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamExporterTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private final Map<String, Long> seqs = new HashMap<>();
    private final List<Event> events = new ArrayList<>();

    private void at(long ms, String node, EventData data) {
        long seq = seqs.merge(node, 1L, Long::sum);
        events.add(Event.of("c", node, 1, seq, T0.plusMillis(ms), data, (T0.toEpochMilli() + ms) << 16));
    }

    @Test
    void measuresAFailoverAcrossNodesFromTheFirstSignOfTheFault() {
        at(0, "n1", new GuestEvent.Started("vm:101", 300));
        at(1_000, "n2", new MembershipEvent.MemberLeft(1, "n1", "2.a", "token"));
        at(1_100, "n3", new MembershipEvent.MemberLeft(1, "n1", "2.a", "token"));
        at(13_000, "n2", new GuestEvent.Started("vm:101", 300));
        StreamExporter exporter = new StreamExporter();
        exporter.apply(events);
        String text = exporter.scrape(T0.toEpochMilli() + 20_000);
        assertTrue(text.contains("quorate_exporter_failover_seconds_count{sid=\"vm:101\"} 1"), text);
        assertTrue(text.contains("quorate_exporter_failover_seconds_sum{sid=\"vm:101\"} 12.0"), text);
        assertTrue(text.contains("quorate_exporter_node_last_event_seconds{node=\"n1\"} 20.0"), text);
        assertTrue(text.contains("quorate_exporter_events_consumed_total 4.0"), text);
    }

    @Test
    void countsAResourceAnsweringOnTwoNodesAsAViolation() {
        at(0, "n1", new GuestEvent.Started("vm:101", 300));
        at(500, "n2", new GuestEvent.Started("vm:101", 300));
        StreamExporter exporter = new StreamExporter();
        exporter.apply(events);
        String text = exporter.scrape(T0.toEpochMilli() + 1_000);
        assertTrue(text.contains("quorate_exporter_invariant_violations_total{check=\"no_resource_on_two_nodes\"} 1.0"), text);
        assertTrue(text.contains("quorate_exporter_invariant_violations_total{check=\"fence_before_recover\"} 0.0"), text);
    }

    @Test
    void aChaosRunnerIsNoNodeWhoseSilenceCounts() {
        at(0, "n1", new GuestEvent.Started("vm:101", 300));
        at(100, "chaos-runner", new io.quorate.events.ChaosEvent.FaultApplied("r1", 1, "kill", "kill node n1", List.of("n1")));
        StreamExporter exporter = new StreamExporter();
        exporter.apply(events);
        String text = exporter.scrape(T0.toEpochMilli() + 1_000);
        assertTrue(text.contains("quorate_exporter_events_consumed_total 2.0"), text);
        assertTrue(!text.contains("node=\"chaos-runner\""), text);
        assertTrue(exporter.violations().isEmpty(), exporter.violations()::toString);
    }

    /** docs/metrics.md's exporter section names exactly the families the exporter serves. */
    @Test
    void theDocsNameEveryFamilyTheExporterServes() throws Exception {
        at(0, "n1", new GuestEvent.Started("vm:101", 300));
        at(1_000, "n2", new MembershipEvent.MemberLeft(1, "n1", "2.a", "token"));
        at(1_500, "n2", new io.quorate.events.FenceEvent.Requested("n1", "ipmi", "left the quorate view"));
        at(1_600, "n2", new io.quorate.events.FenceEvent.Succeeded("n1", "ipmi", 100));
        at(13_000, "n2", new GuestEvent.Started("vm:101", 300));
        StreamExporter exporter = new StreamExporter();
        exporter.apply(events);
        java.util.Set<String> served = new java.util.TreeSet<>();
        java.util.regex.Matcher type = java.util.regex.Pattern.compile("^# TYPE (quorate_\\w+) (\\w+)$", java.util.regex.Pattern.MULTILINE)
                .matcher(exporter.scrape(T0.toEpochMilli() + 20_000));
        while (type.find()) {
            String name = type.group(1);
            if (!name.endsWith("_max")) {
                served.add(type.group(2).equals("counter") && !name.endsWith("_total") ? name + "_total" : name);
            }
        }
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "metrics.md"));
        String section = docs.substring(docs.indexOf("## Cluster exporter"), docs.indexOf("## Chaos"));
        java.util.Set<String> documented = new java.util.TreeSet<>();
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("^\\| `(quorate_\\w+)` \\|", java.util.regex.Pattern.MULTILINE)
                .matcher(section);
        while (row.find()) {
            documented.add(row.group(1));
        }
        org.junit.jupiter.api.Assertions.assertEquals(documented, served);
    }
}
