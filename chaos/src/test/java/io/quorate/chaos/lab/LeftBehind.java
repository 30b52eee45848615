package io.quorate.chaos.lab;

import io.quorate.lab.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a lab left on the machine: its namespaces, and processes whose command line names its directory. */
public final class LeftBehind {
    private LeftBehind() {
    }

    public static List<String> of(String prefix, Path labDir) throws IOException, InterruptedException {
        List<String> found = new ArrayList<>();
        Process list = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        for (String line : new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(prefix + "-")) {
                found.add("namespace " + line.split(" ")[0]);
            }
        }
        list.waitFor();
        String marker = labDir.toAbsolutePath().toString();
        for (long pid : Processes.all()) {
            String command = Processes.commandLine(pid);
            if (command.contains(marker)) {
                found.add("process " + pid + ": " + command.substring(0, Math.min(160, command.length())));
            }
        }
        if (Files.exists(Path.of("/run/quorate-lab", prefix + ".owner"))) {
            found.add("owner record /run/quorate-lab/" + prefix + ".owner");
        }
        return found;
    }
}
