package io.quorate.chaos.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads selectors and the actions of {@code method} and {@code rollbacks}, reporting into {@link Problems}. */
final class ActionReader {
    /** Every action kind, in the order the README lists them. */
    static final List<String> KINDS = List.of("kill", "stop", "pause", "resume", "partition", "loss", "bandwidth", "latency",
            "power", "clock-offset", "wait", "heal");

    private static final Map<String, List<String>> EXTRA_KEYS = Map.ofEntries(
            Map.entry("kill", List.of("target", "guest")),
            Map.entry("stop", List.of("target", "guest")),
            Map.entry("pause", List.of("target", "guest")),
            Map.entry("resume", List.of("target", "guest")),
            Map.entry("partition", List.of("target", "minority", "direction")),
            Map.entry("loss", List.of("target")),
            Map.entry("bandwidth", List.of("target")),
            Map.entry("latency", List.of("jitter", "target")),
            Map.entry("power", List.of("target")),
            Map.entry("clock-offset", List.of("target")),
            Map.entry("wait", List.of()),
            Map.entry("heal", List.of()));

    private static final Pattern ACTION_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");
    private static final Map<String, Long> RATE_UNITS = Map.of("bit", 1L, "kbit", 1_000L, "mbit", 1_000_000L,
            "gbit", 1_000_000_000L, "bps", 8L, "kbps", 8_000L, "mbps", 8_000_000L, "gbps", 8_000_000_000L);
    private static final String RATE_FORMS = "bit, kbit, mbit, gbit per second, or bps, kbps, mbps, gbps bytes per second, as tc writes them";

    private final Problems problems;
    private final TargetContext context;
    /** Named actions seen so far, by name, in method and rollbacks. */
    private final Map<String, Action> named = new java.util.LinkedHashMap<>();
    private final Map<String, String> namedAt = new HashMap<>();

    ActionReader(Problems problems, TargetContext context) {
        this.problems = problems;
        this.context = context;
    }

    /**
     * Reads a list of actions. Call it for {@code method} before {@code rollbacks}: a {@code heal: NAME} may
     * refer to any named fault read before it by this reader.
     */
    List<Action> readList(JsonNode list, String path) {
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            read(list.get(i), Problems.item(path, i)).ifPresent(actions::add);
        }
        return actions;
    }

    private Optional<Action> read(JsonNode node, String path) {
        if (!(node instanceof ObjectNode)) {
            String hint = "";
            if (node.isTextual()) {
                String first = node.asText().trim().split("\\s+")[0];
                if (KINDS.contains(first)) {
                    hint = "; write '" + first + ": " + node.asText().trim().substring(first.length()).trim() + "'";
                }
            }
            problems.add(path, "expected an action such as 'wait: 15s', got " + Problems.describe(node) + hint);
            return Optional.empty();
        }
        ObjectNode map = (ObjectNode) node;
        Optional<String> found = problems.kindOf(map, path, KINDS, EXTRA_KEYS, "action");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String kind = found.get();
        int before = problems.errors().size();
        Optional<String> name = actionName(map, path);
        String kindPath = Problems.child(path, kind);
        JsonNode value = map.get(kind);
        Optional<Action> action;
        switch (kind) {
            case "kill":
            case "stop":
            case "pause":
            case "resume":
                action = process(map, path, name, Action.Signal.valueOf(kind.toUpperCase(Locale.ROOT)), value, kindPath);
                break;
            case "partition":
                action = partition(map, path, name, value, kindPath);
                break;
            case "loss":
                action = loss(map, path, name, value, kindPath);
                break;
            case "bandwidth":
                action = bandwidth(map, path, name, value, kindPath);
                break;
            case "latency":
                action = latency(map, path, name, value, kindPath);
                break;
            case "power":
                action = power(map, path, name, value, kindPath);
                break;
            case "clock-offset":
                action = clockOffset(map, path, name, value, kindPath);
                break;
            case "wait":
                action = problems.duration(value, kindPath, true).map(d -> new Action.Wait(name, d));
                break;
            default:
                action = heal(name, value, kindPath);
                break;
        }
        if (name.isPresent() && action.isPresent()) {
            named.put(name.get(), action.get());
        }
        return problems.errors().size() == before ? action : Optional.empty();
    }

    private Optional<String> actionName(ObjectNode map, String path) {
        JsonNode node = map.get("name");
        if (node == null) {
            return Optional.empty();
        }
        String namePath = Problems.child(path, "name");
        Optional<String> name = problems.text(node, namePath);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (!ACTION_NAME.matcher(name.get()).matches() || name.get().equals("all")) {
            problems.add(namePath, "'" + name.get() + "' is not an action name (lower-case letters, digits and '-'; not 'all')");
            return Optional.empty();
        }
        if (namedAt.containsKey(name.get())) {
            problems.add(namePath, "'" + name.get() + "' already names " + namedAt.get(name.get()));
            return Optional.empty();
        }
        namedAt.put(name.get(), path);
        return name;
    }

    private Optional<Action> process(ObjectNode map, String path, Optional<String> name, Action.Signal signal, JsonNode value,
                                     String kindPath) {
        Optional<Action.Scope> scope = choice(value, kindPath, Action.Scope.values(), Action.Scope::text,
                signal.text() + " scope");
        if (scope.isEmpty()) {
            return Optional.empty();
        }
        if (scope.get() == Action.Scope.GUEST) {
            if (map.has("target")) {
                problems.add(Problems.child(path, "target"), "not used by '" + signal.text()
                        + ": guest'; the guest is found wherever it runs (name it with guest: SID)");
            }
            JsonNode guestNode = map.get("guest");
            if (guestNode == null) {
                problems.add(Problems.child(path, "guest"), "missing (the guest to " + signal.text() + ", e.g. guest: vm:101)");
                return Optional.empty();
            }
            Optional<ResourceId> guest = resource(guestNode, Problems.child(path, "guest"));
            return guest.map(g -> new Action.Process(name, signal, Action.Scope.GUEST, Optional.empty(), Optional.of(g)));
        }
        if (map.has("guest")) {
            problems.add(Problems.child(path, "guest"), "only for '" + signal.text() + ": guest'");
        }
        Optional<Selector> target = requiredSelector(map, path, signal.text() + " " + scope.get().text());
        return target.map(t -> new Action.Process(name, signal, scope.get(), Optional.of(t), Optional.empty()));
    }

    private Optional<Action> partition(ObjectNode map, String path, Optional<String> name, JsonNode value, String kindPath) {
        Optional<Action.PartitionMode> mode = choice(value, kindPath, Action.PartitionMode.values(), Action.PartitionMode::text,
                "partition mode");
        Action.Direction direction = Action.Direction.BOTH;
        if (map.has("direction")) {
            Optional<Action.Direction> d = choice(map.get("direction"), Problems.child(path, "direction"), Action.Direction.values(),
                    Action.Direction::text, "direction");
            if (d.isEmpty()) {
                return Optional.empty();
            }
            direction = d.get();
        }
        Optional<Selector> target = optionalSelector(map, path);
        List<String> minority = map.has("minority") ? minority(map.get("minority"), Problems.child(path, "minority")) : List.of();
        if (mode.isEmpty()) {
            return Optional.empty();
        }
        String targetPath = Problems.child(path, "target");
        switch (mode.get()) {
            case ISOLATE:
                if (!map.has("target")) {
                    problems.add(targetPath, "missing (isolate needs the node to cut off: " + Selector.FORMS + ")");
                }
                atLeast(2, kindPath, "isolate");
                break;
            case RANDOM_HALVES:
            case RING:
                if (map.has("target")) {
                    problems.add(targetPath, "not used by " + mode.get().text() + " (every node takes part)");
                }
                atLeast(mode.get() == Action.PartitionMode.RING ? 4 : 2, kindPath, mode.get().text());
                break;
            case MAJORITY_MINORITY:
                if (map.has("target") && map.has("minority")) {
                    problems.add(path, "give either target (a node in the minority) or minority (its node names), not both");
                }
                atLeast(3, kindPath, "majority-minority");
                if (!minority.isEmpty() && context.nodes().isPresent() && minority.size() * 2 >= context.nodes().getAsInt()) {
                    problems.add(Problems.child(path, "minority"), minority.size() + " of " + context.nodes().getAsInt()
                            + " nodes is not a minority (at most " + (context.nodes().getAsInt() - 1) / 2 + ")");
                }
                break;
            default: // BRIDGE
                atLeast(3, kindPath, "bridge");
                break;
        }
        if (map.has("minority") && mode.get() != Action.PartitionMode.MAJORITY_MINORITY) {
            problems.add(Problems.child(path, "minority"), "only for majority-minority");
        }
        if (target.isEmpty() && map.has("target")) {
            return Optional.empty();
        }
        return Optional.of(new Action.Partition(name, mode.get(), target, minority, direction));
    }

    /** A node-count check that only applies when the lab's size is known. */
    private void atLeast(int min, String path, String what) {
        if (context.nodes().isPresent() && context.nodes().getAsInt() < min) {
            problems.add(path, what + " needs at least " + min + " nodes; the target has " + context.nodes().getAsInt());
        }
    }

    private List<String> minority(JsonNode node, String path) {
        Optional<JsonNode> list = problems.list(node, path, "node names, e.g. [n1, n2]");
        if (list.isEmpty()) {
            return List.of();
        }
        if (list.get().isEmpty()) {
            problems.add(path, "must name at least one node");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < list.get().size(); i++) {
            String itemPath = Problems.item(path, i);
            Optional<String> name = problems.text(list.get().get(i), itemPath);
            if (name.isEmpty()) {
                continue;
            }
            String error = context.checkNode(name.get());
            if (error != null) {
                problems.add(itemPath, error);
            } else if (names.contains(name.get())) {
                problems.add(itemPath, name.get() + " listed twice");
            } else {
                names.add(name.get());
            }
        }
        return names;
    }

    private Optional<Action> loss(ObjectNode map, String path, Optional<String> name, JsonNode value, String kindPath) {
        Optional<Selector> target = optionalSelector(map, path);
        Optional<String> text = problems.text(value, kindPath);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String t = text.get().trim();
        double percent;
        try {
            percent = Double.parseDouble(t.endsWith("%") ? t.substring(0, t.length() - 1).trim() : t);
        } catch (NumberFormatException e) {
            problems.add(kindPath, "'" + t + "' is not a percentage (write e.g. 30%)");
            return Optional.empty();
        }
        if (!(percent > 0 && percent <= 100)) {
            problems.add(kindPath, "'" + t + "' is out of range: more than 0% and at most 100%");
            return Optional.empty();
        }
        return target.isEmpty() && map.has("target") ? Optional.empty() : Optional.of(new Action.Loss(name, percent, target));
    }

    private Optional<Action> bandwidth(ObjectNode map, String path, Optional<String> name, JsonNode value, String kindPath) {
        Optional<Selector> target = optionalSelector(map, path);
        Optional<String> text = problems.text(value, kindPath);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = RATE.matcher(text.get().trim());
        if (!m.matches()) {
            problems.add(kindPath, "'" + text.get() + "' is not a rate (write e.g. 256kbit; " + RATE_FORMS + ")");
            return Optional.empty();
        }
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        if (unit.isEmpty()) {
            problems.add(kindPath, "'" + text.get() + "' has no unit (" + RATE_FORMS + ")");
            return Optional.empty();
        }
        Long factor = RATE_UNITS.get(unit);
        if (factor == null) {
            problems.add(kindPath, "'" + text.get() + "': unknown unit '" + m.group(2) + "' (" + RATE_FORMS + ")");
            return Optional.empty();
        }
        double bits = Double.parseDouble(m.group(1)) * factor;
        if (bits < 8 || bits > 1e12) {
            problems.add(kindPath, "'" + text.get() + "' is out of range: 1bps to 1tbit");
            return Optional.empty();
        }
        return target.isEmpty() && map.has("target") ? Optional.empty()
                : Optional.of(new Action.Bandwidth(name, Math.round(bits), text.get().trim(), target));
    }

    private Optional<Action> latency(ObjectNode map, String path, Optional<String> name, JsonNode value, String kindPath) {
        Optional<Selector> target = optionalSelector(map, path);
        Optional<Duration> delay = problems.duration(value, kindPath, true);
        Optional<Duration> jitter = map.has("jitter") ? problems.duration(map.get("jitter"), Problems.child(path, "jitter"), false)
                : Optional.of(Duration.ZERO);
        if (delay.isEmpty() || jitter.isEmpty() || (target.isEmpty() && map.has("target"))) {
            return Optional.empty();
        }
        if (jitter.get().compareTo(delay.get()) > 0) {
            problems.add(Problems.child(path, "jitter"), "must not exceed the latency (" + Durations.format(delay.get()) + ")");
            return Optional.empty();
        }
        return Optional.of(new Action.Latency(name, delay.get(), jitter.get(), target));
    }

    private Optional<Action> power(ObjectNode map, String path, Optional<String> name, JsonNode value, String kindPath) {
        Optional<Action.PowerOp> op = choice(value, kindPath, Action.PowerOp.values(), Action.PowerOp::text, "power command");
        Optional<Selector> target = requiredSelector(map, path, "power " + op.map(Action.PowerOp::text).orElse(""));
        if (op.isEmpty() || target.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Action.Power(name, op.get(), target.get()));
    }

    private Optional<Action> clockOffset(ObjectNode map, String path, Optional<String> name, JsonNode value, String kindPath) {
        Optional<Selector> target = requiredSelector(map, path, "clock-offset");
        Optional<String> text = problems.text(value, kindPath);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Duration offset;
        try {
            offset = Durations.parseSigned(text.get());
        } catch (IllegalArgumentException e) {
            problems.add(kindPath, e.getMessage());
            return Optional.empty();
        }
        if (offset.isZero()) {
            problems.add(kindPath, "an offset of 0 changes nothing (write e.g. -2s or +500ms)");
            return Optional.empty();
        }
        return target.map(t -> new Action.ClockOffset(name, offset, t));
    }

    private Optional<Action> heal(Optional<String> name, JsonNode value, String kindPath) {
        Optional<String> text = problems.text(value, kindPath);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.get().equals("all")) {
            return Optional.of(new Action.Heal(name, Optional.empty()));
        }
        Action fault = named.get(text.get());
        if (fault == null && namedAt.containsKey(text.get())) {
            return Optional.empty(); // the named action is broken and already reported
        }
        if (fault == null) {
            Optional<String> near = Suggestions.nearest(text.get(), named.keySet());
            problems.add(kindPath, "no earlier action is named '" + text.get() + "'"
                    + near.map(n -> ", did you mean '" + n + "'?").orElse(" (heal: all, or the name of an earlier fault)"));
            return Optional.empty();
        }
        if (!isFault(fault)) {
            problems.add(kindPath, "'" + text.get() + "' is a " + fault.kind() + " action, not a fault");
            return Optional.empty();
        }
        return Optional.of(new Action.Heal(name, Optional.of(text.get())));
    }

    /** Whether an action leaves something behind that a heal undoes. */
    static boolean isFault(Action action) {
        if (action instanceof Action.Process) {
            return ((Action.Process) action).signal() != Action.Signal.RESUME;
        }
        if (action instanceof Action.Power) {
            return ((Action.Power) action).op() != Action.PowerOp.ON;
        }
        return !(action instanceof Action.Wait || action instanceof Action.Heal);
    }

    private Optional<Selector> requiredSelector(ObjectNode map, String path, String what) {
        if (!map.has("target")) {
            problems.add(Problems.child(path, "target"), "missing (" + what.trim() + " needs a node: " + Selector.FORMS + ")");
            return Optional.empty();
        }
        return selector(map.get("target"), Problems.child(path, "target"));
    }

    private Optional<Selector> optionalSelector(ObjectNode map, String path) {
        return map.has("target") ? selector(map.get("target"), Problems.child(path, "target")) : Optional.empty();
    }

    /** Reads {@code node: NAME}, {@code node-running: SID}, {@code crm-master} or {@code random}. */
    Optional<Selector> selector(JsonNode node, String path) {
        List<String> words = List.of("node", "node-running", "crm-master", "random");
        if (node.isTextual()) {
            String text = node.asText().trim();
            if (text.equals("crm-master")) {
                return Optional.of(new Selector.CrmMaster());
            }
            if (text.equals("random")) {
                return Optional.of(new Selector.Random());
            }
            String hint = Suggestions.nearest(text, List.of("crm-master", "random"), false).map(n -> ", did you mean '" + n + "'?").orElse("");
            if (hint.isEmpty() && context.checkNode(text) == null && text.matches("n\\d+|node\\d+")) {
                hint = ", did you mean 'node: " + text + "'?";
            }
            if (hint.isEmpty() && text.matches("(vm|ct):\\d+")) {
                hint = ", did you mean 'node-running: " + text + "'?";
            }
            problems.add(path, "unknown selector '" + text + "'" + hint + " (" + Selector.FORMS + ")");
            return Optional.empty();
        }
        if (!(node instanceof ObjectNode)) {
            problems.add(path, "expected a selector (" + Selector.FORMS + "), got " + Problems.describe(node));
            return Optional.empty();
        }
        ObjectNode map = (ObjectNode) node;
        if (map.size() != 1) {
            List<String> keys = new ArrayList<>();
            map.fieldNames().forEachRemaining(keys::add);
            problems.add(path, map.isEmpty() ? "empty selector (" + Selector.FORMS + ")"
                    : "a selector has one key, got " + String.join(", ", keys) + " (" + Selector.FORMS + ")");
            return Optional.empty();
        }
        String key = map.fieldNames().next();
        JsonNode value = map.get(key);
        String valuePath = Problems.child(path, key);
        switch (key) {
            case "node": {
                Optional<String> name = problems.text(value, valuePath);
                if (name.isEmpty()) {
                    return Optional.empty();
                }
                String error = context.checkNode(name.get());
                if (error != null) {
                    problems.add(valuePath, error);
                    return Optional.empty();
                }
                return Optional.of(new Selector.Node(name.get()));
            }
            case "node-running":
                return resource(value, valuePath).map(Selector.NodeRunning::new);
            case "crm-master":
            case "random":
                problems.add(path, "write 'target: " + key + "' without a value");
                return Optional.empty();
            default:
                String hint = Suggestions.nearest(key, words).map(n -> ", did you mean '" + n + "'?").orElse("");
                problems.add(path, "unknown selector '" + key + "'" + hint + " (" + Selector.FORMS + ")");
                return Optional.empty();
        }
    }

    /** A resource id that must be one of the target's guests. */
    Optional<ResourceId> resource(JsonNode node, String path) {
        Optional<String> text = problems.text(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            ResourceId id = ResourceId.parse(text.get());
            String error = context.checkGuest(id);
            if (error != null) {
                problems.add(path, error);
                return Optional.empty();
            }
            return Optional.of(id);
        } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage());
            return Optional.empty();
        }
    }

    /** One of an enum's texts, with a suggestion when misspelt. */
    <E> Optional<E> choice(JsonNode node, String path, E[] values, java.util.function.Function<E, String> text, String what) {
        Optional<String> word = problems.text(node, path);
        if (word.isEmpty()) {
            return Optional.empty();
        }
        for (E value : values) {
            if (text.apply(value).equals(word.get())) {
                return Optional.of(value);
            }
        }
        List<String> texts = Arrays.stream(values).map(text).toList();
        String hint = Suggestions.nearest(word.get(), texts).map(n -> ", did you mean '" + n + "'?").orElse("");
        problems.add(path, "unknown " + what + " '" + word.get() + "'" + hint + " (" + String.join(", ", texts) + ")");
        return Optional.empty();
    }
}
