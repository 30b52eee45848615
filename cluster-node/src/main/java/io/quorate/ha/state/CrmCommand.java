package io.quorate.ha.state;

import java.util.List;
import java.util.Optional;

/**
 * One line of {@code ha/crm_commands}, as ha-manager queues them: {@code migrate <sid> <node>},
 * {@code relocate <sid> <node>}, {@code stop <sid> <timeout>},
 * {@code enable-node-maintenance <node>}, {@code disable-node-maintenance <node>}.
 */
public final class CrmCommand {
    private CrmCommand() {
    }

    /** What is wrong with {@code line} as a CRM command, or empty when the CRM understands it. */
    public static Optional<String> problem(String line) {
        String[] words = line.trim().split("\\s+");
        if (words.length == 3 && List.of("migrate", "relocate").contains(words[0])) {
            return Optional.empty();
        }
        if (words.length == 3 && words[0].equals("stop")) {
            return words[2].matches("\\d{1,9}") ? Optional.empty()
                    : Optional.of("stop timeout must be a whole number of seconds, got '" + words[2] + "'");
        }
        if (words.length == 2 && List.of("enable-node-maintenance", "disable-node-maintenance").contains(words[0])) {
            return Optional.empty();
        }
        return Optional.of("unknown CRM command '" + line.trim() + "'");
    }

    /** The commands queued in a {@code ha/crm_commands} file, one per non-empty line. */
    public static List<String> parse(String content) {
        return content.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }
}
