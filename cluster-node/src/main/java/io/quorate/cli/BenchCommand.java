package io.quorate.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print figures.")
final class BenchCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliException("bench is being written");
    }
}
