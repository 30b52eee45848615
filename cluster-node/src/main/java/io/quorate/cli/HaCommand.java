package io.quorate.cli;

import io.quorate.ha.conformance.ConformanceReport;
import io.quorate.ha.conformance.ProxmoxCases;
import io.quorate.ha.sim.ConformanceRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ha", mixinStandardHelpOptions = true, description = "HA manager, like Proxmox's ha-manager.",
        subcommands = {HaCommand.SimTest.class})
public final class HaCommand {

    @Command(name = "sim-test", mixinStandardHelpOptions = true,
            description = {"Run Proxmox HA regression case directories (test-*/ with cmdlist, hardware_status, log.expect, ...)",
                    "on Quorate's HA core in the simulator and compare the CRM decisions with Proxmox's.",
                    "A directory that holds case directories runs all of them. Exit code 1 if any case fails."})
    static final class SimTest implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "DIR")
        List<Path> dirs;

        @Override
        public Integer call() {
            List<Path> cases = new ArrayList<>();
            for (Path dir : dirs) {
                if (!Files.isDirectory(dir)) {
                    throw new CliException(dir + ": no such directory", 2);
                }
                if (Files.exists(dir.resolve("cmdlist"))) {
                    cases.add(dir);
                } else {
                    cases.addAll(ProxmoxCases.caseDirs(dir));
                }
            }
            if (cases.isEmpty()) {
                throw new CliException("no HA test case directories in " + dirs, 2);
            }
            ConformanceReport report = ConformanceRunner.runAll(cases);
            spec.commandLine().getOut().print(report.render());
            spec.commandLine().getOut().flush();
            return report.failed() == 0 ? 0 : 1;
        }
    }
}
