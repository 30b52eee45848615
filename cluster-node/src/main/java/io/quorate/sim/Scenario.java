package io.quorate.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain-text fault script, one timed command a line:
 * <pre>
 * # comments and blank lines are fine
 * at 5s partition n1,n2 | n3
 * at 8s cut n1 -> n3          (one way; "n1 <-> n3" cuts both ways)
 * at 9s isolate n2
 * at 12s loss 20%             (also: dup 5%, delay 1ms..40ms)
 * at 20s heal
 * at 30s crash n2             (also: stop n2, restart n2, expected n1 1)
 * at 40s check                (every live node must agree on view and quorum now)
 * at 60s end
 * </pre>
 */
public record Scenario(List<Step> steps, List<Long> checks, long endMs) {

    public record Step(long atMs, SimFault fault) {
    }

    private static final Pattern LINE = Pattern.compile("at\\s+(\\S+)\\s+(\\S+)\\s*(.*)");
    private static final Pattern NODE = Pattern.compile("n(\\d+)");

    /** Parses a scenario; errors name the source, the line and the problem. */
    public static Scenario parse(String text, String source, int nodeCount) throws ScenarioException {
        List<Step> steps = new ArrayList<>();
        List<Long> checks = new ArrayList<>();
        long end = -1;
        long last = 0;
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replaceAll("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            LineParser parser = new LineParser(source, i + 1, nodeCount);
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw parser.error("expected 'at <time> <command> ...', got '" + line + "'");
            }
            long at = parser.duration(m.group(1));
            last = Math.max(last, at);
            String command = m.group(2);
            String args = m.group(3).trim();
            switch (command) {
                case "check" -> checks.add(at);
                case "end" -> end = at;
                default -> steps.add(new Step(at, parser.fault(command, args)));
            }
        }
        if (end < 0) {
            end = last + 10_000;
        }
        return new Scenario(steps, checks, end);
    }

    /** A scenario line that does not parse. */
    public static final class ScenarioException extends Exception {
        public ScenarioException(String message) {
            super(message);
        }
    }

    private record LineParser(String source, int line, int nodeCount) {

        ScenarioException error(String reason) {
            return new ScenarioException(source + ":" + line + ": " + reason);
        }

        SimFault fault(String command, String args) throws ScenarioException {
            return switch (command) {
                case "partition" -> partition(args);
                case "cut" -> cut(args);
                case "isolate" -> isolate(node(args));
                case "heal" -> noArgs(args, new SimFault.Heal());
                case "crash" -> new SimFault.Crash(node(args));
                case "stop" -> new SimFault.Stop(node(args));
                case "restart" -> new SimFault.Restart(node(args));
                case "loss" -> new SimFault.Loss(percent(args));
                case "dup" -> new SimFault.Duplicate(percent(args));
                case "delay" -> delay(args);
                case "expected" -> expected(args);
                default -> throw error("unknown command '" + command
                        + "' (partition, cut, isolate, heal, crash, stop, restart, loss, dup, delay, expected, check, end)");
            };
        }

        private SimFault noArgs(String args, SimFault fault) throws ScenarioException {
            if (!args.isEmpty()) {
                throw error("unexpected arguments '" + args + "'");
            }
            return fault;
        }

        private SimFault partition(String args) throws ScenarioException {
            List<Set<Integer>> groups = new ArrayList<>();
            Set<Integer> seen = new HashSet<>();
            for (String group : args.split("\\|")) {
                Set<Integer> members = new HashSet<>();
                for (String name : group.split(",")) {
                    int id = node(name.trim());
                    if (!seen.add(id)) {
                        throw error("n" + id + " is in more than one group");
                    }
                    members.add(id);
                }
                groups.add(members);
            }
            if (groups.size() < 2) {
                throw error("a partition needs at least two groups separated by '|'");
            }
            return new SimFault.Partition(groups);
        }

        private SimFault isolate(int node) {
            Set<Integer> rest = new HashSet<>();
            for (int id = 1; id <= nodeCount; id++) {
                if (id != node) {
                    rest.add(id);
                }
            }
            return new SimFault.Partition(List.of(Set.of(node), rest));
        }

        private SimFault cut(String args) throws ScenarioException {
            String[] both = args.split("<->");
            if (both.length == 2) {
                int a = node(both[0].trim());
                int b = node(both[1].trim());
                return new SimFault.Partition(List.of(Set.of(a), Set.of(b)));
            }
            String[] oneWay = args.split("->");
            if (oneWay.length != 2) {
                throw error("expected 'cut nA -> nB' or 'cut nA <-> nB', got '" + args + "'");
            }
            return new SimFault.Cut(node(oneWay[0].trim()), node(oneWay[1].trim()));
        }

        private SimFault delay(String args) throws ScenarioException {
            String[] range = args.split("\\.\\.");
            if (range.length != 2) {
                throw error("expected 'delay <min>..<max>', e.g. 'delay 1ms..40ms', got '" + args + "'");
            }
            long min = duration(range[0].trim());
            long max = duration(range[1].trim());
            if (max < min) {
                throw error("delay maximum " + max + "ms is below minimum " + min + "ms");
            }
            return new SimFault.Delay(min, max);
        }

        private SimFault expected(String args) throws ScenarioException {
            String[] parts = args.split("\\s+");
            if (parts.length != 2) {
                throw error("expected 'expected nX <votes>', got '" + args + "'");
            }
            try {
                return new SimFault.Expected(node(parts[0]), Integer.parseInt(parts[1]));
            } catch (NumberFormatException e) {
                throw error("votes must be a whole number, got '" + parts[1] + "'");
            }
        }

        int node(String name) throws ScenarioException {
            Matcher m = NODE.matcher(name);
            if (!m.matches()) {
                throw error("expected a node name like n1, got '" + name + "'");
            }
            int id = Integer.parseInt(m.group(1));
            if (id < 1 || id > nodeCount) {
                throw error("no node " + name + " in a " + nodeCount + "-node simulation");
            }
            return id;
        }

        double percent(String text) throws ScenarioException {
            if (!text.matches("\\d{1,3}%")) {
                throw error("expected a percentage like 20%, got '" + text + "'");
            }
            int value = Integer.parseInt(text.substring(0, text.length() - 1));
            if (value > 100) {
                throw error("percentage above 100: " + text);
            }
            return value / 100.0;
        }

        long duration(String text) throws ScenarioException {
            Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)").matcher(text);
            if (!m.matches()) {
                throw error("expected a time like 500ms, 5s or 1.5s, got '" + text + "'");
            }
            double value = Double.parseDouble(m.group(1));
            return Math.round(switch (m.group(2)) {
                case "ms" -> value;
                case "s" -> value * 1000;
                default -> value * 60_000;
            });
        }
    }
}
