package io.quorate.chaos.experiment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.quorate.chaos.schedule.CronSchedule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads an experiment file into an {@link Experiment} and checks it without running anything. Every
 * error names its field by path ({@code method[2].target}), and all errors are collected, not just the
 * first: unknown keys (with the nearest valid key), wrong types, bad durations, rates, selectors,
 * cron expressions and SLO sentences, references to nodes or guests the target does not have, and YAML
 * syntax errors with line and column. Whether a fault can be applied on this machine (IPMI, namespaces)
 * is the runner's business, not the validator's.
 */
public final class ExperimentValidator {
    /** The top-level keys, in the order the README describes them. */
    public static final List<String> KEYS = List.of("title", "description", "target", "steady-state-hypothesis", "method",
            "rollbacks", "slos", "schedule", "random");

    static final List<String> PROBE_KINDS = List.of("node-api", "promql", "invariant");
    private static final Map<String, List<String>> PROBE_KEYS = Map.of(
            "node-api", List.of("target", "field", "expect"),
            "promql", List.of("tolerance"),
            "invariant", List.of());

    private static final YAMLFactory YAML = YAMLFactory.builder()
            // 'power: off' is the word off, not YAML 1.1's boolean false
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

    private ExperimentValidator() {
    }

    /**
     * Validates a file.
     *
     * @throws IOException when the file cannot be read (a missing file is the caller's usage error)
     */
    public static ValidationResult validate(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return invalid(List.of(ValidationError.at("", "not UTF-8 text")));
        }
        return validate(text);
    }

    /** Validates the text of an experiment file. */
    public static ValidationResult validate(String yaml) {
        JsonNode root;
        try (JsonParser parser = YAML.createParser(yaml)) {
            root = MAPPER.readTree(parser);
            if (root != null) {
                JsonToken next = parser.nextToken();
                if (next != null) {
                    return invalid(List.of(new ValidationError("", "more than one YAML document; put each experiment in its own file",
                            parser.currentLocation().getLineNr(), 1)));
                }
            }
        } catch (JsonProcessingException e) {
            return invalid(List.of(syntaxError(e)));
        } catch (IOException e) {
            return invalid(List.of(ValidationError.at("", "cannot read: " + e.getMessage())));
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return invalid(List.of(ValidationError.at("", "the file is empty (an experiment needs at least title, target, "
                    + "steady-state-hypothesis and method)")));
        }
        if (!(root instanceof ObjectNode)) {
            return invalid(List.of(ValidationError.at("", "expected a mapping of experiment fields (" + String.join(", ", KEYS)
                    + "), got " + Problems.describe(root))));
        }
        return new Reader().read((ObjectNode) root);
    }

    /** Validates a file and returns its experiment, for callers that go on to run it. */
    public static Experiment load(Path file) throws IOException {
        return validate(file).experimentOrThrow();
    }

    private static ValidationResult invalid(List<ValidationError> errors) {
        return new ValidationResult(Optional.empty(), errors);
    }

    private static ValidationError syntaxError(JsonProcessingException e) {
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException) {
            org.yaml.snakeyaml.error.MarkedYAMLException yaml = (org.yaml.snakeyaml.error.MarkedYAMLException) e.getCause();
            String context = yaml.getContext() == null ? "" : yaml.getContext() + ": ";
            String problem = yaml.getProblem() == null ? "" : yaml.getProblem().trim();
            String hint = "";
            if (context.contains("alias") || problem.contains("alias")) {
                hint = " (a value starting with '*' is a YAML alias: quote it, e.g. schedule: \"*/15 * * * *\")";
            } else if (context.contains("block scalar")) {
                hint = " (a value starting with '>' or '|' is a YAML block scalar: quote it, e.g. tolerance: \"> 0\")";
            } else if (problem.contains("'@'") || problem.contains("'`'")) {
                hint = " (quote values starting with '@' or '`')";
            }
            org.yaml.snakeyaml.error.Mark mark = yaml.getProblemMark() != null ? yaml.getProblemMark() : yaml.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            int column = mark == null ? 0 : mark.getColumn() + 1;
            String message = ("YAML syntax error: " + context + problem).replaceAll("\\s+", " ") + hint;
            return new ValidationError("", message, line, column);
        }
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Duplicate field ")) {
            message = "duplicate key " + message.substring("Duplicate field ".length());
        }
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        int column = e.getLocation() == null ? 0 : Math.max(1, e.getLocation().getColumnNr());
        return new ValidationError("", "YAML syntax error: " + message, line, column);
    }

    /** One file's read: the errors found so far and what later fields are checked against. */
    private static final class Reader {
        private final Problems problems = new Problems();
        private TargetContext context = new TargetContext(OptionalInt.empty(), List.of(), false);

        ValidationResult read(ObjectNode root) {
            problems.unknownKeys(root, "", KEYS, "experiment");
            Optional<String> title = root.has("title") ? problems.nonBlank(root.get("title"), "title") : missing("title",
                    "a one-line title for reports");
            Optional<String> description = root.has("description") ? problems.text(root.get("description"), "description")
                    : Optional.empty();
            Optional<Target> target = root.has("target") ? target(root.get("target")) : missing("target",
                    "nodes: N for a new lab, or lab: DIR for a running one; with guests: [vm:101]");
            Optional<SteadyStateHypothesis> hypothesis = root.has("steady-state-hypothesis")
                    ? hypothesis(root.get("steady-state-hypothesis"))
                    : missing("steady-state-hypothesis", "title and probes that must hold before and after");
            ActionReader actions = new ActionReader(problems, context);
            List<Action> method = List.of();
            if (root.has("method")) {
                method = problems.list(root.get("method"), "method", "actions, e.g. - wait: 15s")
                        .map(list -> actions.readList(list, "method")).orElse(List.of());
                if (root.get("method").isArray() && root.get("method").isEmpty() && !root.has("random")) {
                    problems.add("method", "must hold at least one action (or give random)");
                }
            } else if (!root.has("random")) {
                missing("method", "the faults and waits to apply; or give random");
            }
            List<Action> rollbacks = root.has("rollbacks")
                    ? problems.list(root.get("rollbacks"), "rollbacks", "actions, e.g. - heal: all")
                    .map(list -> actions.readList(list, "rollbacks")).orElse(List.of())
                    : List.of();
            List<Slo> slos = root.has("slos") ? slos(root.get("slos")) : List.of();
            Optional<CronSchedule> schedule = root.has("schedule") ? schedule(root.get("schedule")) : Optional.empty();
            Optional<RandomNemesis> random = root.has("random") ? random(root.get("random")) : Optional.empty();
            if (!problems.isEmpty()) {
                return invalid(problems.errors());
            }
            return new ValidationResult(Optional.of(new Experiment(title.orElseThrow(), description, target.orElseThrow(),
                    hypothesis.orElseThrow(), method, rollbacks, slos, schedule, random)), List.of());
        }

        private <T> Optional<T> missing(String field, String hint) {
            problems.add(field, "missing (" + hint + ")");
            return Optional.empty();
        }

        private Optional<Target> target(JsonNode node) {
            Optional<ObjectNode> map = problems.mapping(node, "target", "nodes: 3, guests: [vm:101]");
            if (map.isEmpty()) {
                return Optional.empty();
            }
            ObjectNode t = map.get();
            problems.unknownKeys(t, "target", List.of("nodes", "lab", "guests"), "target");
            int before = problems.errors().size();
            List<ResourceId> guests = new ArrayList<>();
            if (t.has("guests")) {
                problems.list(t.get("guests"), "target.guests", "e.g. [vm:101, ct:200]").ifPresent(list -> {
                    for (int i = 0; i < list.size(); i++) {
                        String path = Problems.item("target.guests", i);
                        problems.text(list.get(i), path).ifPresent(text -> {
                            try {
                                ResourceId id = ResourceId.parse(text);
                                if (guests.contains(id)) {
                                    problems.add(path, id + " listed twice");
                                } else {
                                    guests.add(id);
                                }
                            } catch (IllegalArgumentException e) {
                                problems.add(path, e.getMessage());
                            }
                        });
                    }
                });
            }
            boolean guestsKnown = problems.errors().size() == before;
            OptionalInt nodes = OptionalInt.empty();
            Optional<Target> target = Optional.empty();
            if (t.has("nodes") && t.has("lab")) {
                problems.add("target", "give either nodes (a new lab) or lab (a running one), not both");
            } else if (t.has("nodes")) {
                nodes = problems.integer(t.get("nodes"), "target.nodes", 1, Target.NewLab.MAX_NODES);
                if (nodes.isPresent()) {
                    target = Optional.of(new Target.NewLab(nodes.getAsInt(), guests));
                }
            } else if (t.has("lab")) {
                target = problems.nonBlank(t.get("lab"), "target.lab").map(dir -> new Target.ExistingLab(dir, guests));
            } else {
                problems.add("target", "missing nodes: N (a new lab) or lab: DIR (a running one)");
            }
            context = new TargetContext(nodes, guests, guestsKnown);
            return guestsKnown ? target : Optional.empty();
        }

        private Optional<SteadyStateHypothesis> hypothesis(JsonNode node) {
            String path = "steady-state-hypothesis";
            Optional<ObjectNode> map = problems.mapping(node, path, "title and probes");
            if (map.isEmpty()) {
                return Optional.empty();
            }
            ObjectNode h = map.get();
            problems.unknownKeys(h, path, List.of("title", "probes"), "steady-state-hypothesis");
            Optional<String> title = h.has("title") ? problems.nonBlank(h.get("title"), Problems.child(path, "title"))
                    : missing(Problems.child(path, "title"), "what steady means, e.g. vm:101 answers and the cluster is quorate");
            String probesPath = Problems.child(path, "probes");
            if (!h.has("probes")) {
                missing(probesPath, "one or more of " + String.join(", ", PROBE_KINDS));
                return Optional.empty();
            }
            Optional<JsonNode> list = problems.list(h.get("probes"), probesPath, "e.g. - invariant: no_resource_on_two_nodes");
            if (list.isEmpty()) {
                return Optional.empty();
            }
            if (list.get().isEmpty()) {
                problems.add(probesPath, "must hold at least one probe");
            }
            int before = problems.errors().size();
            ActionReader selectors = new ActionReader(problems, context);
            List<Probe> probes = new ArrayList<>();
            for (int i = 0; i < list.get().size(); i++) {
                probe(list.get().get(i), Problems.item(probesPath, i), selectors).ifPresent(probes::add);
            }
            if (title.isEmpty() || problems.errors().size() != before) {
                return Optional.empty();
            }
            return Optional.of(new SteadyStateHypothesis(title.get(), probes));
        }

        private Optional<Probe> probe(JsonNode node, String path, ActionReader selectors) {
            Optional<ObjectNode> map = problems.mapping(node, path, "e.g. promql: QUERY with tolerance: \"== 1\"");
            if (map.isEmpty()) {
                return Optional.empty();
            }
            ObjectNode p = map.get();
            Optional<String> kind = problems.kindOf(p, path, PROBE_KINDS, PROBE_KEYS, "probe");
            if (kind.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> name = p.has("name") ? problems.nonBlank(p.get("name"), Problems.child(path, "name")) : Optional.empty();
            String kindPath = Problems.child(path, kind.get());
            JsonNode value = p.get(kind.get());
            switch (kind.get()) {
                case "node-api": {
                    Optional<String> apiPath = problems.nonBlank(value, kindPath);
                    if (apiPath.isPresent() && !apiPath.get().matches("/api2/json/\\S*")) {
                        problems.add(kindPath, "'" + apiPath.get() + "' is not a node API path (it starts with /api2/json/)");
                        apiPath = Optional.empty();
                    }
                    Optional<Selector> target = p.has("target") ? selectors.selector(p.get("target"), Problems.child(path, "target"))
                            : Optional.empty();
                    Optional<FieldPath> field = Optional.empty();
                    if (!p.has("field")) {
                        missing(Problems.child(path, "field"), "where the value is in the reply, e.g. data[0].quorate");
                    } else {
                        field = problems.text(p.get("field"), Problems.child(path, "field")).flatMap(f -> {
                            try {
                                return Optional.of(FieldPath.parse(f));
                            } catch (IllegalArgumentException e) {
                                problems.add(Problems.child(path, "field"), e.getMessage());
                                return Optional.empty();
                            }
                        });
                    }
                    Optional<Object> expected = Optional.empty();
                    if (!p.has("expect")) {
                        missing(Problems.child(path, "expect"), "the value the field must have, e.g. 1 or started");
                    } else {
                        expected = scalar(p.get("expect"), Problems.child(path, "expect"));
                    }
                    if (apiPath.isEmpty() || field.isEmpty() || expected.isEmpty() || (p.has("target") && target.isEmpty())) {
                        return Optional.empty();
                    }
                    String n = name.orElse("GET " + apiPath.get() + " " + field.get() + " = " + expected.get());
                    return Optional.of(new Probe.NodeApi(n, target, apiPath.get(), field.get(), expected.get()));
                }
                case "promql": {
                    Optional<String> query = problems.nonBlank(value, kindPath);
                    query.map(Reader::promqlProblem).ifPresent(problem -> problems.add(kindPath, problem));
                    Optional<Tolerance> tolerance = p.has("tolerance") ? tolerance(p.get("tolerance"), Problems.child(path, "tolerance"))
                            : missing(Problems.child(path, "tolerance"), Tolerance.FORMS);
                    if (query.isEmpty() || promqlProblem(query.get()) != null || tolerance.isEmpty()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Probe.PromQl(name.orElse(query.get() + " " + tolerance.get()), query.get(), tolerance.get()));
                }
                default: {
                    Optional<String> text = problems.text(value, kindPath);
                    if (text.isEmpty()) {
                        return Optional.empty();
                    }
                    Optional<Invariant> invariant = Invariant.fromText(text.get());
                    if (invariant.isEmpty()) {
                        List<String> names = java.util.Arrays.stream(Invariant.values()).map(Invariant::text).toList();
                        String hint = Suggestions.nearest(text.get(), names).map(x -> ", did you mean '" + x + "'?").orElse("");
                        problems.add(kindPath, "unknown invariant '" + text.get() + "'" + hint + " (" + Invariant.names() + ")");
                        return Optional.empty();
                    }
                    return Optional.of(new Probe.InvariantCheck(name.orElse(invariant.get().text()), invariant.get()));
                }
            }
        }

        private Optional<Object> scalar(JsonNode node, String path) {
            if (node.isTextual()) {
                return Optional.of(node.asText());
            }
            if (node.isBoolean()) {
                return Optional.of(node.booleanValue());
            }
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return Optional.of(node.longValue());
            }
            if (node.isNumber()) {
                return Optional.of(node.doubleValue());
            }
            problems.add(path, "expected a string, number or boolean, got " + Problems.describe(node));
            return Optional.empty();
        }

        private Optional<Tolerance> tolerance(JsonNode node, String path) {
            try {
                if (node.isNumber()) {
                    return Optional.of(new Tolerance.Comparison(Tolerance.Op.EQ, node.doubleValue()));
                }
                if (node.isArray()) {
                    if (node.size() != 2 || !node.get(0).isNumber() || !node.get(1).isNumber()) {
                        problems.add(path, "a range is two numbers [LOW, HIGH], got " + node);
                        return Optional.empty();
                    }
                    return Optional.of(new Tolerance.Range(node.get(0).doubleValue(), node.get(1).doubleValue()));
                }
                if (node.isTextual()) {
                    return Optional.of(Tolerance.parse(node.asText()));
                }
                problems.add(path, "expected " + Tolerance.FORMS + ", got " + Problems.describe(node));
            } catch (IllegalArgumentException e) {
                problems.add(path, e.getMessage());
            }
            return Optional.empty();
        }

        /** A light syntax check of a PromQL query: brackets balanced outside string literals. Null when fine. */
        static String promqlProblem(String query) {
            java.util.ArrayDeque<int[]> open = new java.util.ArrayDeque<>();
            char quote = 0;
            for (int i = 0; i < query.length(); i++) {
                char c = query.charAt(i);
                if (quote != 0) {
                    if (c == '\\' && quote != '`') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                    continue;
                }
                if (c == '"' || c == '\'' || c == '`') {
                    quote = c;
                } else if (c == '(' || c == '{' || c == '[') {
                    open.push(new int[] {c, i});
                } else if (c == ')' || c == '}' || c == ']') {
                    char expected = c == ')' ? '(' : c == '}' ? '{' : '[';
                    if (open.isEmpty() || open.peek()[0] != expected) {
                        return "unbalanced '" + c + "' at position " + (i + 1) + " of the query";
                    }
                    open.pop();
                }
            }
            if (quote != 0) {
                return "unterminated string (" + quote + ") in the query";
            }
            if (!open.isEmpty()) {
                return "'" + (char) open.peek()[0] + "' at position " + (open.peek()[1] + 1) + " of the query is never closed";
            }
            return null;
        }

        private List<Slo> slos(JsonNode node) {
            Optional<JsonNode> list = problems.list(node, "slos", "e.g. - recover vm:101 within 15s");
            List<Slo> slos = new ArrayList<>();
            if (list.isEmpty()) {
                return slos;
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < list.get().size(); i++) {
                String path = Problems.item("slos", i);
                Optional<String> text = problems.text(list.get().get(i), path);
                if (text.isEmpty()) {
                    continue;
                }
                try {
                    Slo slo = Slo.parse(text.get());
                    String error = context.checkGuest(slo.resource());
                    if (error != null) {
                        problems.add(path, error);
                    } else if (!seen.add(slo.verb() + " " + slo.resource())) {
                        problems.add(path, "a second '" + slo.verb().text() + " " + slo.resource() + "' objective");
                    } else {
                        slos.add(slo);
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(path, e.getMessage());
                }
            }
            return slos;
        }

        private Optional<CronSchedule> schedule(JsonNode node) {
            return problems.text(node, "schedule").flatMap(text -> {
                List<String> cron = CronSchedule.problems(text);
                cron.forEach(problem -> problems.add("schedule", problem));
                return cron.isEmpty() ? Optional.of(CronSchedule.parse(text)) : Optional.empty();
            });
        }

        private Optional<RandomNemesis> random(JsonNode node) {
            String path = "random";
            Optional<ObjectNode> map = problems.mapping(node, path, "seed, duration, interval, faults, workload");
            if (map.isEmpty()) {
                return Optional.empty();
            }
            ObjectNode r = map.get();
            problems.unknownKeys(r, path, List.of("seed", "duration", "interval", "faults", "workload"), "random");
            int before = problems.errors().size();
            OptionalLong seed = r.has("seed") ? problems.longValue(r.get("seed"), "random.seed") : OptionalLong.empty();
            Optional<Duration> duration = r.has("duration") ? problems.duration(r.get("duration"), "random.duration", true)
                    : missing("random.duration", "how long the nemesis runs, e.g. 5m");
            Optional<Duration> interval = r.has("interval") ? problems.duration(r.get("interval"), "random.interval", true)
                    : Optional.of(RandomNemesis.DEFAULT_INTERVAL);
            if (duration.isPresent() && interval.isPresent() && interval.get().compareTo(duration.get()) > 0) {
                problems.add("random.interval", Durations.format(interval.get()) + " is longer than random.duration ("
                        + Durations.format(duration.get()) + ")");
            }
            Map<RandomNemesis.FaultKind, Integer> faults = new LinkedHashMap<>();
            List<String> kinds = java.util.Arrays.stream(RandomNemesis.FaultKind.values()).map(RandomNemesis.FaultKind::text).toList();
            if (!r.has("faults")) {
                missing("random.faults", "fault kinds and their weights, e.g. {kill: 2, partition: 1}");
            } else {
                problems.mapping(r.get("faults"), "random.faults", "fault kinds and weights, e.g. {kill: 2, partition: 1}")
                        .ifPresent(f -> {
                            problems.unknownKeys(f, "random.faults", kinds, "fault kind");
                            if (f.isEmpty()) {
                                problems.add("random.faults", "must name at least one fault kind (" + String.join(", ", kinds) + ")");
                            }
                            f.fieldNames().forEachRemaining(key -> {
                                for (RandomNemesis.FaultKind kind : RandomNemesis.FaultKind.values()) {
                                    if (kind.text().equals(key)) {
                                        problems.integer(f.get(key), "random.faults." + key, 1, 1000).ifPresent(w -> faults.put(kind, w));
                                    }
                                }
                            });
                        });
            }
            List<RandomNemesis.Workload> workload = new ArrayList<>();
            if (r.has("workload")) {
                List<String> names = java.util.Arrays.stream(RandomNemesis.Workload.values()).map(RandomNemesis.Workload::text).toList();
                problems.list(r.get("workload"), "random.workload", String.join(", ", names)).ifPresent(list -> {
                    for (int i = 0; i < list.size(); i++) {
                        String itemPath = Problems.item("random.workload", i);
                        new ActionReader(problems, context).choice(list.get(i), itemPath, RandomNemesis.Workload.values(),
                                RandomNemesis.Workload::text, "workload").ifPresent(w -> {
                                    if (workload.contains(w)) {
                                        problems.add(itemPath, w.text() + " listed twice");
                                    } else {
                                        workload.add(w);
                                    }
                                });
                    }
                });
            }
            if (problems.errors().size() != before) {
                return Optional.empty();
            }
            return Optional.of(new RandomNemesis(seed, duration.get(), interval.get(), faults, workload));
        }
    }
}
