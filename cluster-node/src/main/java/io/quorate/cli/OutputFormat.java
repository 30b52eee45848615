package io.quorate.cli;

/** {@code --output-format}, as Proxmox's CLIs spell it. */
public enum OutputFormat {
    text, json
}
