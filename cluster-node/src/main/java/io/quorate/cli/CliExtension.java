package io.quorate.cli;

/**
 * A top-level {@code quorate} subcommand contributed by a module that depends on this one (the chaos
 * module's {@code chaos} and {@code lab}), found through {@link java.util.ServiceLoader} so the node
 * module need not depend on it. List implementations in
 * {@code META-INF/services/io.quorate.cli.CliExtension}.
 */
public interface CliExtension {
    /** A picocli {@code @Command} instance; its name is the subcommand's. */
    Object command();
}
