package io.quorate.runtime;

import java.nio.file.Path;

/** The layout of a node directory ({@code --dir}). */
public record NodeFiles(Path dir) {
    public Path corosyncConf() {
        return dir.resolve("corosync.conf");
    }

    /** Shared cluster secret: the HMAC key of every cluster packet. Mode 0600. */
    public Path authkey() {
        return dir.resolve("authkey");
    }

    public Path adminToken() {
        return dir.resolve("api-token");
    }

    public Path readOnlyToken() {
        return dir.resolve("api-token-ro");
    }

    public Path tlsKey() {
        return dir.resolve("node.key");
    }

    public Path tlsCertificate() {
        return dir.resolve("node.pem");
    }

    public Path fingerprint() {
        return dir.resolve("fingerprint");
    }

    public Path events() {
        return dir.resolve("events.jsonl");
    }

    /** The event spool Kafka publishing reads from. */
    public Path spool() {
        return dir.resolve("spool");
    }

    public Path ringSequence() {
        return dir.resolve("ringid");
    }

    public Path incarnation() {
        return dir.resolve("incarnation");
    }

    /** The config tree's replicated log: write-ahead log segments and snapshots. */
    public Path configLog() {
        return dir.resolve("configdb");
    }

    public Path log() {
        return dir.resolve("node.log");
    }
}
