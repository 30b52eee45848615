package io.quorate.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command that talks to a node shares: {@code --dir}, {@code --output-format}, output. */
abstract class NodeCliCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeDirOption dir;

    @Mixin
    OutputOptions output;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints the JSON form or the text form, as --output-format asks. */
    void print(Supplier<String> json, Supplier<String> text) {
        out().print(output.json() ? json.get() + "\n" : text.get());
        out().flush();
    }
}
