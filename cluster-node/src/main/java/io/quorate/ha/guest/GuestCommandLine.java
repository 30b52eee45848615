package io.quorate.ha.guest;

import io.quorate.runtime.HostPort;
import io.quorate.runtime.NodeProcess;
import java.util.ArrayList;
import java.util.List;

/** The argv that starts {@code quorate guest serve} as its own JVM, with this JVM's java and class path. */
public final class GuestCommandLine {
    /** A guest only answers small HTTP requests: a tiny heap, C1 only and small stacks keep many of them cheap. */
    public static final List<String> JVM_FLAGS = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xss256k");

    private GuestCommandLine() {
    }

    public static List<String> argv(String sid, String node, HostPort listen) {
        List<String> argv = new ArrayList<>();
        argv.add(NodeProcess.javaExecutable());
        argv.addAll(JVM_FLAGS);
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add("io.quorate.cli.Main");
        argv.addAll(List.of("guest", "serve", "--sid", sid, "--node", node, "--listen", listen.toString()));
        return List.copyOf(argv);
    }
}
