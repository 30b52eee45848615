package io.quorate.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric catalogue of docs/metrics.md (the contract between the node, the exporter and these
 * dashboards and rules): every table row {@code | `name` | type | labels | meaning |}.
 */
final class MetricCatalog {
    /** Series names that are not in the catalogue's tables but may be queried. */
    private static final Pattern STANDARD = Pattern.compile(
            "up|scrape_duration_seconds|scrape_samples_scraped|(jvm|process|vertx)_[a-z0-9_]+");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z_:][a-z0-9_:]*)`\\s*\\|\\s*(\\w+)\\s*\\|([^|]*)\\|");
    private static final Pattern TICKED = Pattern.compile("`([^`]+)`");

    /**
     * One catalogued metric. {@code labels} maps each label to its listed values (empty: any value);
     * {@code nodeMetric} is true in the node's sections, whose metrics all carry cluster and node.
     */
    record Metric(String name, String type, Map<String, List<String>> labels, String section, boolean nodeMetric) {
        /** Series names the metric exposes: a histogram's _bucket/_sum/_count/_max, a summary's _sum/_count. */
        List<String> seriesNames() {
            if (type.equals("histogram")) {
                return List.of(name + "_bucket", name + "_sum", name + "_count", name + "_max");
            }
            if (type.equals("summary")) {
                return List.of(name, name + "_sum", name + "_count");
            }
            return List.of(name);
        }

        /** Whether series of this metric carry a {@code node} label. */
        boolean hasNode() {
            return nodeMetric || labels.containsKey("node");
        }
    }

    private final Map<String, Metric> metrics;

    private MetricCatalog(Map<String, Metric> metrics) {
        this.metrics = metrics;
    }

    static MetricCatalog load() throws IOException {
        return parse(Files.readAllLines(Repo.METRICS_DOC));
    }

    static MetricCatalog parse(List<String> lines) {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        String section = "";
        for (String line : lines) {
            if (line.startsWith("## ")) {
                section = line.substring(3).trim();
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                String name = row.group(1);
                metrics.put(name, new Metric(name, row.group(2), labels(row.group(3)), section, section.contains("(node)")));
            }
        }
        if (metrics.isEmpty()) {
            throw new IllegalStateException("no metric rows in " + Repo.METRICS_DOC);
        }
        return new MetricCatalog(metrics);
    }

    /** "`member`, `local`" or "`to` = `gained`, `lost`": after an '=', the ticked words are values. */
    private static Map<String, List<String>> labels(String cell) {
        Map<String, List<String>> labels = new LinkedHashMap<>();
        Matcher ticked = TICKED.matcher(cell);
        String current = null;
        boolean values = false;
        int last = 0;
        while (ticked.find()) {
            if (cell.substring(last, ticked.start()).contains("=")) {
                values = true;
            }
            if (values && current != null) {
                labels.get(current).add(ticked.group(1));
            } else {
                current = ticked.group(1);
                labels.put(current, new ArrayList<>());
            }
            last = ticked.end();
        }
        return labels;
    }

    Map<String, Metric> all() {
        return metrics;
    }

    /** The catalogued metric behind a series name ({@code x_bucket} of histogram {@code x}, ...). */
    Optional<Metric> ofSeries(String series) {
        for (Metric metric : metrics.values()) {
            if (metric.seriesNames().contains(series)) {
                return Optional.of(metric);
            }
        }
        return Optional.empty();
    }

    static boolean isStandard(String series) {
        return STANDARD.matcher(series).matches();
    }

    /** Whether a query may name this series: catalogued, or a standard runtime/scrape series. */
    boolean allows(String series) {
        return ofSeries(series).isPresent() || isStandard(series);
    }

    Set<String> names() {
        return metrics.keySet();
    }
}
