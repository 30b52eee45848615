package io.quorate.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Grafana dashboards of dashboards/*.json and the PromQL they run. */
final class Dashboards {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A dashboard file and its parsed JSON. */
    record Dashboard(Path file, JsonNode json) {
        String name() {
            return file.getFileName().toString();
        }

        /** Every panel, rows' collapsed panels included. */
        List<JsonNode> panels() {
            List<JsonNode> panels = new ArrayList<>();
            for (JsonNode panel : json.path("panels")) {
                panels.add(panel);
                for (JsonNode nested : panel.path("panels")) {
                    panels.add(nested);
                }
            }
            return panels;
        }

        /** Every query: panel targets, Prometheus annotations and query variables. */
        List<Query> queries() {
            List<Query> queries = new ArrayList<>();
            for (JsonNode panel : panels()) {
                for (JsonNode target : panel.path("targets")) {
                    queries.add(new Query(name() + " panel " + panel.path("id").asText() + " '" + panel.path("title").asText()
                            + "' " + target.path("refId").asText(), target.path("expr").asText(), Kind.PANEL));
                }
            }
            for (JsonNode annotation : json.path("annotations").path("list")) {
                if (annotation.has("expr")) {
                    queries.add(new Query(name() + " annotation '" + annotation.path("name").asText() + "'",
                            annotation.path("expr").asText(), Kind.ANNOTATION));
                }
            }
            for (JsonNode variable : json.path("templating").path("list")) {
                if (variable.path("type").asText().equals("query")) {
                    JsonNode query = variable.path("query");
                    queries.add(new Query(name() + " variable $" + variable.path("name").asText(),
                            query.isObject() ? query.path("query").asText() : query.asText(), Kind.VARIABLE));
                }
            }
            return queries;
        }
    }

    enum Kind { PANEL, ANNOTATION, VARIABLE }

    /** One PromQL expression (or a label_values(...) variable query) and where it is. */
    record Query(String where, String expr, Kind kind) {
        private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");

        /** The PromQL in it: a variable's label_values(selector, label) gives its selector. */
        String promQl() {
            Matcher labelValues = LABEL_VALUES.matcher(expr);
            return kind == Kind.VARIABLE && labelValues.matches() ? labelValues.group(1) : expr;
        }

        /** label_values(selector, label): the label; null for other queries. */
        String variableLabel() {
            Matcher labelValues = LABEL_VALUES.matcher(expr);
            return kind == Kind.VARIABLE && labelValues.matches() ? labelValues.group(2) : null;
        }
    }

    private Dashboards() {
    }

    static List<Dashboard> load() throws IOException {
        List<Dashboard> dashboards = new ArrayList<>();
        try (Stream<Path> files = Files.list(Repo.DASHBOARDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                dashboards.add(new Dashboard(file, JSON.readTree(file.toFile())));
            }
        }
        return dashboards;
    }
}
