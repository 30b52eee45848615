package io.quorate.ha.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of pve-ha-manager's regression cases: a directory as described in
 * {@code ../shared/pve-ha-tests/README.md}, read and checked but not interpreted (no simulation).
 *
 * <p>Required files: {@code cmdlist}, {@code hardware_status}, {@code service_config} and
 * {@code log.expect}. Optional: {@code README}, {@code manager_status} (absent reads as {@code {}},
 * as the simulator copies it only when present), {@code groups}, {@code rules_config},
 * {@code datacenter.cfg}. Any fault in a file throws {@link CaseFormatException} naming the file
 * (and the line where there is one).
 *
 * @param name           the directory's name, e.g. {@code test-basic1}
 * @param dir            the directory
 * @param readme         the {@code README} text, if present
 * @param cmdlist        the command batches, in order; each batch is the commands in order
 * @param hardware       starting hardware per node, sorted by node name
 * @param managerStatus  the starting {@code manager_status}, possibly empty (a copy on each call)
 * @param services       HA resources per sid, sorted by sid
 * @param groups         the raw {@code groups} section-config text, if present
 * @param rulesConfig    the raw {@code rules_config} section-config text, if present
 * @param datacenterCfg  the {@code datacenter.cfg} JSON, if present (a copy on each call)
 * @param expectedLog    {@code log.expect}, line by line
 */
public record ProxmoxCase(String name, Path dir, Optional<String> readme, List<List<String>> cmdlist,
        SortedMap<String, NodeHardware> hardware, JsonObject managerStatus,
        SortedMap<String, ServiceConfig> services, Optional<String> groups, Optional<String> rulesConfig,
        Optional<JsonObject> datacenterCfg, List<LogLine> expectedLog) {

    public static final String README = "README";
    public static final String CMDLIST = "cmdlist";
    public static final String HARDWARE_STATUS = "hardware_status";
    public static final String MANAGER_STATUS = "manager_status";
    public static final String SERVICE_CONFIG = "service_config";
    public static final String GROUPS = "groups";
    public static final String RULES_CONFIG = "rules_config";
    public static final String DATACENTER_CFG = "datacenter.cfg";
    public static final String LOG_EXPECT = "log.expect";

    private static final Pattern SID = Pattern.compile("^(vm|ct|fa):\\d+$");
    private static final Set<String> SERVICE_STATES = Set.of("started", "enabled", "stopped", "disabled", "ignored");
    private static final Set<String> ON_OFF = Set.of("on", "off");
    private static final Pattern JACKSON_LINE = Pattern.compile("line: (\\d+)");

    public ProxmoxCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(readme, "readme");
        cmdlist = cmdlist.stream().map(List::copyOf).toList();
        hardware = Collections.unmodifiableSortedMap(new TreeMap<>(hardware));
        managerStatus = managerStatus == null ? new JsonObject() : managerStatus.copy();
        services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(rulesConfig, "rulesConfig");
        datacenterCfg = datacenterCfg.map(JsonObject::copy);
        expectedLog = List.copyOf(expectedLog);
    }

    @Override
    public JsonObject managerStatus() {
        return managerStatus.copy();
    }

    @Override
    public Optional<JsonObject> datacenterCfg() {
        return datacenterCfg.map(JsonObject::copy);
    }

    /** The nodes of the case (those of {@code hardware_status}), sorted. */
    public List<String> nodes() {
        return List.copyOf(hardware.keySet());
    }

    /**
     * Reads a case directory.
     *
     * @throws CaseFormatException when a required file is missing or any file is malformed
     */
    public static ProxmoxCase load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CaseFormatException(dir, 0, "not a directory");
        }
        Path fileName = dir.toAbsolutePath().normalize().getFileName();
        String name = fileName == null ? dir.toString() : fileName.toString();
        return new ProxmoxCase(
                name,
                dir,
                optionalText(dir.resolve(README)),
                parseCmdlist(dir.resolve(CMDLIST)),
                parseHardware(dir.resolve(HARDWARE_STATUS)),
                optionalText(dir.resolve(MANAGER_STATUS))
                        .map(text -> jsonObject(dir.resolve(MANAGER_STATUS), text))
                        .orElseGet(JsonObject::new),
                parseServices(dir.resolve(SERVICE_CONFIG)),
                optionalText(dir.resolve(GROUPS)),
                optionalText(dir.resolve(RULES_CONFIG)),
                optionalText(dir.resolve(DATACENTER_CFG)).map(text -> jsonObject(dir.resolve(DATACENTER_CFG), text)),
                parseLog(dir.resolve(LOG_EXPECT)));
    }

    /** Parses the text of a {@code log.expect}; blank lines are skipped, any other unparsable line is an error. */
    public static List<LogLine> parseLog(Path file, String text) {
        List<LogLine> lines = new ArrayList<>();
        String[] raw = text.split("\r?\n", -1);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i].isBlank()) {
                continue;
            }
            try {
                lines.add(LogLine.parse(raw[i]));
            } catch (IllegalArgumentException e) {
                throw new CaseFormatException(file, i + 1, e.getMessage(), e);
            }
        }
        return lines;
    }

    private static List<LogLine> parseLog(Path file) {
        return parseLog(file, requiredText(file));
    }

    private static List<List<String>> parseCmdlist(Path file) {
        JsonArray batches = jsonArray(file, requiredText(file));
        List<List<String>> result = new ArrayList<>();
        for (int b = 0; b < batches.size(); b++) {
            if (!(batches.getValue(b) instanceof JsonArray batch)) {
                throw new CaseFormatException(file, 0, "batch " + (b + 1) + " is not an array of commands");
            }
            List<String> commands = new ArrayList<>();
            for (int c = 0; c < batch.size(); c++) {
                if (!(batch.getValue(c) instanceof String command) || command.isBlank()) {
                    throw new CaseFormatException(file, 0,
                            "batch " + (b + 1) + ", command " + (c + 1) + " is not a non-empty string");
                }
                commands.add(command);
            }
            result.add(commands);
        }
        return result;
    }

    private static SortedMap<String, NodeHardware> parseHardware(Path file) {
        JsonObject root = jsonObject(file, requiredText(file));
        if (root.isEmpty()) {
            throw new CaseFormatException(file, 0, "no nodes");
        }
        SortedMap<String, NodeHardware> nodes = new TreeMap<>();
        for (Map.Entry<String, Object> e : root) {
            String node = e.getKey();
            if (!(e.getValue() instanceof JsonObject hw)) {
                throw new CaseFormatException(file, 0, "node '" + node + "' is not an object");
            }
            nodes.put(node, new NodeHardware(onOff(file, node, hw, "power"), onOff(file, node, hw, "network"), hw));
        }
        return nodes;
    }

    private static String onOff(Path file, String node, JsonObject hw, String key) {
        Object value = hw.getValue(key);
        if (!(value instanceof String s) || !ON_OFF.contains(s)) {
            throw new CaseFormatException(file, 0,
                    "node '" + node + "': " + key + " must be \"on\" or \"off\", got " + value);
        }
        return s;
    }

    private static SortedMap<String, ServiceConfig> parseServices(Path file) {
        JsonObject root = jsonObject(file, requiredText(file));
        SortedMap<String, ServiceConfig> services = new TreeMap<>();
        for (Map.Entry<String, Object> e : root) {
            String sid = e.getKey();
            if (!SID.matcher(sid).matches()) {
                throw new CaseFormatException(file, 0, "invalid service id '" + sid + "' (expected vm:N, ct:N or fa:N)");
            }
            if (!(e.getValue() instanceof JsonObject sc)) {
                throw new CaseFormatException(file, 0, "service '" + sid + "' is not an object");
            }
            if (!(sc.getValue("node") instanceof String node) || node.isBlank()) {
                throw new CaseFormatException(file, 0, "service '" + sid + "' has no node");
            }
            Optional<String> state = optionalString(file, sid, sc, "state");
            state.ifPresent(s -> {
                if (!SERVICE_STATES.contains(s)) {
                    throw new CaseFormatException(file, 0, "service '" + sid + "': unknown state '" + s + "'");
                }
            });
            services.put(sid, new ServiceConfig(sid, node, state, optionalString(file, sid, sc, "group"),
                    optionalInt(file, sid, sc, "failback"), optionalInt(file, sid, sc, "max_restart"),
                    optionalInt(file, sid, sc, "max_relocate"), sc));
        }
        return services;
    }

    private static Optional<String> optionalString(Path file, String sid, JsonObject sc, String key) {
        Object value = sc.getValue(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw new CaseFormatException(file, 0, "service '" + sid + "': " + key + " must be a string, got " + value);
        }
        return Optional.of(s);
    }

    /** Numbers may be written as JSON numbers or as strings ({@code "max_restart": "2"}). */
    private static Optional<Integer> optionalInt(Path file, String sid, JsonObject sc, String key) {
        Object value = sc.getValue(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            long n;
            if (value instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
                n = num.longValue();
            } else if (value instanceof String s) {
                n = Long.parseLong(s.trim());
            } else if (value instanceof Boolean b) {
                n = b ? 1 : 0;
            } else {
                throw new NumberFormatException();
            }
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return Optional.of((int) n);
        } catch (NumberFormatException e) {
            throw new CaseFormatException(file, 0,
                    "service '" + sid + "': " + key + " must be a non-negative integer, got " + value);
        }
    }

    private static Optional<String> optionalText(Path file) {
        return Files.exists(file) ? Optional.of(requiredText(file)) : Optional.empty();
    }

    private static String requiredText(Path file) {
        if (!Files.exists(file)) {
            throw new CaseFormatException(file, 0, "missing required file");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CaseFormatException(file, 0, "cannot read: " + e, e);
        }
    }

    private static JsonObject jsonObject(Path file, String text) {
        Object value = decode(file, text);
        if (!(value instanceof JsonObject object)) {
            throw new CaseFormatException(file, 1, "expected a JSON object");
        }
        return object;
    }

    private static JsonArray jsonArray(Path file, String text) {
        Object value = decode(file, text);
        if (!(value instanceof JsonArray array)) {
            throw new CaseFormatException(file, 1, "expected a JSON array");
        }
        return array;
    }

    private static Object decode(Path file, String text) {
        if (text.isBlank()) {
            throw new CaseFormatException(file, 1, "empty file, expected JSON");
        }
        try {
            return io.vertx.core.json.Json.decodeValue(text);
        } catch (DecodeException e) {
            throw new CaseFormatException(file, jsonErrorLine(e), "malformed JSON: " + firstLine(e), e);
        }
    }

    /** The line Jackson reports for a syntax error (1-based), or 0 when it reports none. */
    private static int jsonErrorLine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException jpe && jpe.getLocation() != null
                    && jpe.getLocation().getLineNr() > 0) {
                return jpe.getLocation().getLineNr();
            }
        }
        Matcher m = JACKSON_LINE.matcher(String.valueOf(e.getMessage()));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : root.getMessage();
        if (message == null) {
            message = String.valueOf(e.getMessage());
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
