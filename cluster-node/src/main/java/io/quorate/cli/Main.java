package io.quorate.cli;

import picocli.CommandLine;

/** Entry point of {@code bin/quorate}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new QuorateCommand());
        for (CliExtension extension : java.util.ServiceLoader.load(CliExtension.class)) {
            commandLine.addSubcommand(new CommandLine(extension.command()));
        }
        commandLine.setParameterExceptionHandler((ex, arguments) -> {
            ex.getCommandLine().getErr().println("quorate: " + ex.getMessage()
                    + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            String message = ex instanceof CliException ? ex.getMessage() : ex.getClass().getSimpleName() + ": " + ex.getMessage();
            cmd.getErr().println("quorate: " + message);
            return ex instanceof CliException cli ? cli.exitCode() : 1;
        });
        return commandLine;
    }
}
