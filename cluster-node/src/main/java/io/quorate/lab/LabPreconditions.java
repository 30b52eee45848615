package io.quorate.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/** Checks, cheapest first, whether this machine can host a {@link NetnsLab}; see {@link NetnsLab#unavailableReason()}. */
final class LabPreconditions {

    private LabPreconditions() {
    }

    static Optional<String> unavailableReason() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.of("network namespaces need Linux, this is " + os);
        }
        OptionalLong uid = effectiveUid();
        if (uid.isPresent() && uid.getAsLong() != 0) {
            return Optional.of("not running as root (uid " + uid.getAsLong() + "): creating network namespaces needs root");
        }
        for (String tool : List.of(LabTools.IP, LabTools.NFT)) {
            if (LabTools.find(tool).isEmpty()) {
                return Optional.of(LabTools.notFound(tool));
            }
        }
        return trialNamespace();
    }

    /**
     * Adds a namespace, lists nft tables inside it and deletes it again. Its name does not start with
     * {@link NetnsLab#NAME_PREFIX}, so a parallel {@code removeStale} cannot take it for a crashed lab.
     */
    private static Optional<String> trialNamespace() {
        String probe = "quorate-probe-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
        String ip = LabTools.require(LabTools.IP);
        try {
            Namespaces.add(probe);
        } catch (LabCommandException e) {
            return Optional.of("ip netns add does not work here: " + e.getMessage());
        }
        try {
            LabCommand.run(List.of(ip, "netns", "exec", probe, LabTools.require(LabTools.NFT), "list", "tables"));
            return Optional.empty();
        } catch (LabCommandException e) {
            return Optional.of("nft does not work inside a network namespace (kernel without nf_tables?): " + e.getMessage());
        } finally {
            Namespaces.delete(probe);
        }
    }

    /** The effective uid from /proc, which avoids depending on the jdk.security.auth module. */
    private static OptionalLong effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return OptionalLong.of(Long.parseLong(line.substring(4).strip().split("\\s+")[1]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown: the trial namespace below decides
        }
        return OptionalLong.empty();
    }
}
