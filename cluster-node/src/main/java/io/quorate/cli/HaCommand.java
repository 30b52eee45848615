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
        subcommands = {HaResourceCommands.Add.class, HaResourceCommands.Set.class, HaResourceCommands.Remove.class,
                HaResourceCommands.Config.class, HaResourceCommands.GroupAdd.class, HaResourceCommands.GroupSet.class,
                HaResourceCommands.GroupRemove.class, HaResourceCommands.GroupConfig.class, HaStatus.class,
                HaCrmCommands.Migrate.class, HaCrmCommands.Relocate.class, HaCrmCommands.Crm.class, HaRulesCommands.Rules.class,
                HaCommand.SimTest.class, HaCommand.SimRandom.class})
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

    @Command(name = "sim-random", mixinStandardHelpOptions = true,
            description = {"Seeded random HA scenarios in the simulator: power and network faults, shutdowns, reboots, LRM",
                    "restarts, maintenance, migrations and stops, then a repair. Checks that no service ever runs on two",
                    "nodes and that afterwards each wanted service runs on exactly one. One seed prints its whole log."})
    static final class SimRandom implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Option(names = "--seed", defaultValue = "1", description = "First seed (default ${DEFAULT-VALUE}).")
        long seed;

        @picocli.CommandLine.Option(names = "--seeds", defaultValue = "1", description = "How many seeds (default ${DEFAULT-VALUE}).")
        int seeds;

        @Override
        public Integer call() {
            if (seeds < 1) {
                throw new CliException("--seeds must be at least 1", 2);
            }
            java.io.PrintWriter out = spec.commandLine().getOut();
            int failed = 0;
            for (long s = seed; s < seed + seeds; s++) {
                io.quorate.ha.sim.HaRandomRun.Outcome outcome = io.quorate.ha.sim.HaRandomRun.run(s);
                if (seeds == 1) {
                    out.println("commands: " + outcome.cmdlist());
                    outcome.log().forEach(l -> out.printf("%-5s %5d %12s: %s%n", l.level(), l.time(), l.component(), l.message()));
                }
                if (!outcome.passed()) {
                    failed++;
                    out.println("FAILED seed " + s + ": " + outcome.violations().get(0));
                    out.println("  replay: bin/quorate ha sim-random --seed " + s);
                }
            }
            out.printf("%d of %d seeds passed%n", seeds - failed, seeds);
            out.flush();
            return failed == 0 ? 0 : 1;
        }
    }
}
