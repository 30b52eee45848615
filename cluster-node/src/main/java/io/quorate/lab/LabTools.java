package io.quorate.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the lab's external tools. Besides $PATH it looks in the sbin directories, which a non-login
 * root shell or a build tool's environment often leaves out although {@code ip} and {@code nft} live there.
 */
public final class LabTools {

    static final String IP = "ip";
    static final String NFT = "nft";
    static final String TC = "tc";

    private static final List<String> SBIN_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private LabTools() {
    }

    /** Where {@code tool} is, on $PATH or in the sbin directories. */
    public static Optional<Path> find(String tool) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(SBIN_DIRS);
        return dirs.stream()
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, tool))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Absolute path of {@code tool}, or an exception that says which Debian package provides it. */
    static String require(String tool) {
        return find(tool).map(Path::toString).orElseThrow(() -> new LabCommandException(notFound(tool)));
    }

    static String notFound(String tool) {
        String debianPackage = NFT.equals(tool) ? "nftables" : IP.equals(tool) || TC.equals(tool) ? "iproute2" : tool;
        return tool + " not found: install Debian package " + debianPackage;
    }
}
