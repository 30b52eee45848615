package io.quorate.events.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads an export back for the tests and checks the rules promtool's OpenMetrics reader and the
 * TSDB enforce: metadata once per family before its samples, families not interleaved, every
 * sample with a timestamp, each series contiguous and in increasing time, counters' samples named
 * {@code <family>_total}, {@code # EOF} last.
 */
final class OpenMetricsText {
    /** Series text ({@code name{labels}}) → timestamp in ms → value. */
    final Map<String, TreeMap<Long, Double>> series = new LinkedHashMap<>();
    /** Family → type. */
    final Map<String, String> types = new LinkedHashMap<>();
    long samples;

    private OpenMetricsText() {
    }

    static OpenMetricsText parse(String text) {
        OpenMetricsText parsed = new OpenMetricsText();
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(lines.size() - 1).equals("# EOF")) {
            throw new AssertionError("does not end in # EOF");
        }
        Set<String> closedFamilies = new HashSet<>();
        Set<String> closedSeries = new HashSet<>();
        Map<String, Set<String>> metadataSeen = new HashMap<>();
        String family = null;
        String current = null;
        for (int i = 0; i < lines.size() - 1; i++) {
            String line = lines.get(i);
            if (line.startsWith("# ")) {
                String[] parts = line.split(" ", 4);
                String kind = parts[1];
                String name = parts[2];
                if (!name.equals(family)) {
                    if (family != null) {
                        closedFamilies.add(family);
                    }
                    if (closedFamilies.contains(name)) {
                        throw new AssertionError("family " + name + " interleaved, line " + (i + 1));
                    }
                    family = name;
                }
                if (!metadataSeen.computeIfAbsent(name, n -> new HashSet<>()).add(kind)) {
                    throw new AssertionError("# " + kind + " twice for " + name);
                }
                if (parsed.series.keySet().stream().anyMatch(s -> s.startsWith(name + "{") || s.startsWith(name + "_total{"))) {
                    throw new AssertionError("metadata of " + name + " after its samples, line " + (i + 1));
                }
                if (kind.equals("TYPE")) {
                    parsed.types.put(name, parts[3]);
                }
                continue;
            }
            int valueEnd = line.lastIndexOf(' ');
            int seriesEnd = line.lastIndexOf(' ', valueEnd - 1);
            if (seriesEnd < 0) {
                throw new AssertionError("sample without timestamp, line " + (i + 1) + ": " + line);
            }
            String name = line.substring(0, seriesEnd);
            String metric = name.substring(0, name.indexOf('{'));
            String type = parsed.types.get(family);
            if (type == null) {
                throw new AssertionError("sample before any # TYPE, line " + (i + 1));
            }
            String expected = type.equals("counter") ? family + "_total" : family;
            if (!metric.equals(expected)) {
                throw new AssertionError(metric + " in family " + family + " (" + type + "), line " + (i + 1));
            }
            if (!name.equals(current)) {
                if (current != null) {
                    closedSeries.add(current);
                }
                if (closedSeries.contains(name)) {
                    throw new AssertionError("series " + name + " not contiguous, line " + (i + 1));
                }
                current = name;
            }
            double value = Double.parseDouble(line.substring(seriesEnd + 1, valueEnd));
            long ms = Math.round(Double.parseDouble(line.substring(valueEnd + 1)) * 1000);
            TreeMap<Long, Double> points = parsed.series.computeIfAbsent(name, n -> new TreeMap<>());
            if (!points.isEmpty() && points.lastKey() >= ms) {
                throw new AssertionError("timestamps not increasing in " + name + ", line " + (i + 1));
            }
            points.put(ms, value);
            parsed.samples++;
        }
        return parsed;
    }

    /** The value of {@code name} at {@code ms}, or null when the series has no sample then. */
    Double at(String name, long ms) {
        TreeMap<Long, Double> points = series.get(name);
        return points == null ? null : points.get(ms);
    }

    List<String> seriesOf(String family) {
        List<String> names = new ArrayList<>();
        series.keySet().forEach(name -> {
            if (name.startsWith(family + "{")) {
                names.add(name);
            }
        });
        return names;
    }
}
