package io.quorate.cli;

import picocli.CommandLine.Option;

/** {@code --output-format text|json}, as Proxmox's CLIs have it. */
public final class OutputOptions {
    @Option(names = "--output-format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
    OutputFormat format;

    public boolean json() {
        return format == OutputFormat.json;
    }
}
