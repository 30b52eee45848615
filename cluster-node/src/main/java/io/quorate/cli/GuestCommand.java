package io.quorate.cli;

import io.quorate.ha.guest.GuestIdentity;
import io.quorate.ha.guest.GuestServer;
import io.quorate.runtime.HostPort;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "guest", mixinStandardHelpOptions = true,
        description = "Process guests: small processes that stand in for VMs in HA tests and benches.",
        subcommands = GuestCommand.Serve.class)
public final class GuestCommand {

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Run a guest: an HTTP server whose GET / and GET /health name the guest, its node, pid and",
                    "start time. Prints one line once it listens; SIGTERM stops it cleanly (exit 0)."})
    static final class Serve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--sid", required = true, paramLabel = "SID", description = "The guest's resource id, e.g. vm:101.")
        String sid;

        @Option(names = "--node", required = true, paramLabel = "NODE", description = "The node it runs on.")
        String node;

        @Option(names = "--listen", required = true, paramLabel = "IP:PORT", description = "Address to answer on.")
        String listen;

        @Override
        public Integer call() throws InterruptedException {
            GuestIdentity identity = identity();
            HostPort address = CliArguments.hostPort("--listen", listen);
            GuestServer server;
            try {
                server = GuestServer.start(identity, address);
            } catch (IOException e) {
                throw new CliException("cannot listen on " + address + ": " + e.getMessage(), 1);
            }
            exitCleanlyOnTerm(server);
            PrintWriter out = spec.commandLine().getOut();
            out.println("guest " + identity.sid() + " listening on " + address);
            out.flush();
            new CountDownLatch(1).await(); // serves until a signal ends the JVM
            return 0;
        }

        private GuestIdentity identity() {
            try {
                return GuestIdentity.ofThisProcess(sid, node);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), 2);
            }
        }

        /**
         * A JVM killed by SIGTERM exits 143; for a guest, SIGTERM is the ordinary stop request (as a
         * VM shutdown), so the hook stops answering and halts with 0. Halting skips other hooks:
         * this process has none, and it only gets here once it listens.
         */
        private static void exitCleanlyOnTerm(GuestServer server) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                System.out.flush();
                Runtime.getRuntime().halt(0);
            }, "guest-stop"));
        }
    }
}
