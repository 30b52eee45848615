package io.quorate.cli;

import io.quorate.ha.watchdog.Supervisor;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "supervisor", mixinStandardHelpOptions = true,
        description = {"Run the watchdog supervisor for the node of --dir (watchdog-mux's role): it runs the node's guests",
                "and kills them (and the node) when the node stops feeding it. Its guests die with it."})
final class SupervisorCommand implements Callable<Integer> {
    @Mixin
    NodeDirOption dir;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir.path())) {
            throw new CliException(dir.path() + ": no such node directory", 2);
        }
        LoggingSetup.forDaemon();
        try (Supervisor supervisor = new Supervisor(dir.path())) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    supervisor.close();
                } catch (java.io.IOException e) {
                    // exiting anyway
                }
            }));
            supervisor.run();
            if (supervisor.fired()) {
                System.err.println("quorate supervisor: watchdog fired: guests and node killed (host reset)");
                return 3;
            }
        }
        return 0;
    }
}
