package io.quorate.observability;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves one sample of every metric of docs/metrics.md in Prometheus' text format, as the node
 * ({@code /node/metrics}, with cluster and node labels and the runtime metrics), the cluster exporter
 * ({@code /exporter/metrics}) and the chaos runner ({@code /chaos/metrics}) would; the latter two
 * get {@code cluster} from their scrape job. Counters and histograms grow with every scrape; the JVM
 * and process metrics docs/metrics.md names in prose are added to the node's.
 */
final class CatalogExposition implements AutoCloseable {
    static final String CLUSTER = "c1";
    static final String NODE = "n1";
    /** A value for each label the catalogue lists without values. */
    private static final Map<String, List<String>> VALUES = Map.ofEntries(
            Map.entry("member", List.of("n2")), Map.entry("local", List.of("false")), Map.entry("peer", List.of("n2")),
            Map.entry("sid", List.of("vm:101")), Map.entry("on", List.of(NODE)), Map.entry("target", List.of("n3")),
            Map.entry("lock", List.of("ha_manager_lock")), Map.entry("holder", List.of(NODE)),
            Map.entry("reason", List.of("no_quorum")), Map.entry("family", List.of("membership")),
            Map.entry("check", List.of("no_resource_on_two_nodes")), Map.entry("experiment", List.of("kill-master")),
            Map.entry("fault", List.of("partition")), Map.entry("node", List.of(NODE)),
            Map.entry("quantile", List.of("0.5", "0.99")), Map.entry("version", List.of("0.1.0-test")));
    private static final Map<String, String> STATE = Map.of("quorate_ha_crm_state", "master",
            "quorate_ha_lrm_state", "active", "quorate_ha_resource_state", "started");
    private static final List<String> BUCKETS = List.of("0.001", "0.01", "0.1", "1", "10", "+Inf");

    private final MetricCatalog catalog;
    private final HttpServer server;

    CatalogExposition(MetricCatalog catalog) throws IOException {
        this.catalog = catalog;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (String endpoint : List.of("node", "exporter", "chaos")) {
            AtomicLong count = new AtomicLong();
            server.createContext("/" + endpoint + "/metrics", exchange -> {
                byte[] body;
                int status = 200;
                try {
                    body = render(endpoint, count.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
                } catch (RuntimeException e) { // Prometheus shows it as the target's lastError
                    body = e.toString().getBytes(StandardCharsets.UTF_8);
                    status = 500;
                }
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
        }
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The endpoint ("node", "exporter", "chaos") that serves a catalogued metric, from its section. */
    static String endpointOf(MetricCatalog.Metric metric) {
        String section = metric.section().toLowerCase();
        if (metric.nodeMetric()) {
            return "node";
        }
        if (section.contains("exporter")) {
            return "exporter";
        }
        if (section.contains("chaos")) {
            return "chaos";
        }
        throw new IllegalStateException("docs/metrics.md section '" + metric.section() + "' (" + metric.name()
                + "): who serves it? Teach CatalogExposition.endpointOf");
    }

    String render(String endpoint, long n) {
        StringBuilder out = new StringBuilder();
        Map<String, String> base = new LinkedHashMap<>();
        if (endpoint.equals("node")) {
            base.put("cluster", CLUSTER);
            base.put("node", NODE);
        }
        for (MetricCatalog.Metric metric : catalog.all().values()) {
            if (endpointOf(metric).equals(endpoint)) {
                write(out, metric, base, n);
            }
        }
        if (endpoint.equals("node")) {
            runtime(out, base, n);
        }
        return out.toString();
    }

    private static void write(StringBuilder out, MetricCatalog.Metric metric, Map<String, String> base, long n) {
        out.append("# HELP ").append(metric.name()).append(' ').append(metric.section()).append('\n');
        out.append("# TYPE ").append(metric.name()).append(' ').append(metric.type()).append('\n');
        List<String> max = new ArrayList<>();
        for (Map<String, String> labels : labelSets(metric, base)) {
            switch (metric.type()) {
                case "counter" -> sample(out, metric.name(), labels, n);
                case "gauge" -> sample(out, metric.name(), labels,
                        metric.name().endsWith("_timestamp_seconds") ? System.currentTimeMillis() / 1000.0 : 1);
                case "histogram" -> {
                    for (String le : BUCKETS) {
                        Map<String, String> bucket = new LinkedHashMap<>(labels);
                        bucket.put("le", le);
                        sample(out, metric.name() + "_bucket", bucket, le.equals("0.001") ? 0 : n);
                    }
                    sample(out, metric.name() + "_sum", labels, n * 0.005);
                    sample(out, metric.name() + "_count", labels, n);
                    max.add(metric.name() + "_max" + render(labels) + " 0.01\n");
                }
                case "summary" -> {
                    Map<String, String> plain = new LinkedHashMap<>(labels);
                    plain.remove("quantile");
                    if (labels.containsKey("quantile")) {
                        sample(out, metric.name(), labels, 0.005);
                    }
                    if (labels.getOrDefault("quantile", "0.5").equals("0.5")) {
                        sample(out, metric.name() + "_sum", plain, n * 0.005);
                        sample(out, metric.name() + "_count", plain, n);
                    }
                }
                default -> throw new IllegalStateException(metric.name() + ": type " + metric.type() + " in docs/metrics.md");
            }
        }
        if (!max.isEmpty()) {
            out.append("# TYPE ").append(metric.name()).append("_max gauge\n");
            max.forEach(out::append);
        }
    }

    /** One label set per combination of the listed (or sample) values of the metric's labels. */
    private static List<Map<String, String>> labelSets(MetricCatalog.Metric metric, Map<String, String> base) {
        List<Map<String, String>> sets = new ArrayList<>();
        sets.add(new LinkedHashMap<>(base));
        for (Map.Entry<String, List<String>> label : metric.labels().entrySet()) {
            List<String> values = label.getValue();
            if (values.isEmpty()) {
                values = label.getKey().equals("state") && STATE.containsKey(metric.name())
                        ? List.of(STATE.get(metric.name())) : VALUES.get(label.getKey());
            }
            if (values == null) {
                throw new IllegalStateException("docs/metrics.md: " + metric.name() + " has label '" + label.getKey()
                        + "'; give it a sample value in CatalogExposition.VALUES");
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> set : sets) {
                for (String value : values) {
                    Map<String, String> copy = new LinkedHashMap<>(set);
                    copy.put(label.getKey(), value);
                    next.add(copy);
                }
            }
            sets = next;
        }
        return sets;
    }

    /** The runtime metrics docs/metrics.md names in prose (Micrometer's JVM and process binders). */
    private static void runtime(StringBuilder out, Map<String, String> base, long n) {
        out.append("# TYPE jvm_memory_used_bytes gauge\n");
        sample(out, "jvm_memory_used_bytes", with(base, "area", "heap", "id", "Tenured Gen"), 2.0e7);
        sample(out, "jvm_memory_used_bytes", with(base, "area", "nonheap", "id", "Metaspace"), 3.0e7);
        out.append("# TYPE jvm_gc_pause_seconds summary\n");
        Map<String, String> gc = with(base, "action", "end of minor GC", "cause", "Allocation Failure", "gc", "Copy");
        sample(out, "jvm_gc_pause_seconds_count", gc, n);
        sample(out, "jvm_gc_pause_seconds_sum", gc, n * 0.002);
        out.append("# TYPE jvm_threads_live_threads gauge\n");
        sample(out, "jvm_threads_live_threads", base, 30);
        out.append("# TYPE process_cpu_usage gauge\n");
        sample(out, "process_cpu_usage", base, 0.01);
        out.append("# TYPE process_uptime_seconds gauge\n");
        sample(out, "process_uptime_seconds", base, 60 + n);
    }

    private static Map<String, String> with(Map<String, String> base, String... labels) {
        Map<String, String> copy = new LinkedHashMap<>(base);
        for (int i = 0; i < labels.length; i += 2) {
            copy.put(labels[i], labels[i + 1]);
        }
        return copy;
    }

    private static void sample(StringBuilder out, String name, Map<String, String> labels, double value) {
        out.append(name).append(render(labels)).append(' ').append(value).append('\n');
    }

    private static String render(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        labels.forEach((k, v) -> pairs.add(k + "=\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        return "{" + String.join(",", pairs) + "}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
