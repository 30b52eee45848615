package io.quorate.cli;

import io.quorate.runtime.InvalidNodeDirectoryException;
import io.quorate.runtime.LoadedNode;
import io.quorate.runtime.NodeDaemon;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "node", mixinStandardHelpOptions = true, description = "Run a node daemon.",
        subcommands = NodeCommand.Run.class)
public final class NodeCommand {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run this node in the foreground: cluster link, votequorum and HTTPS API. SIGTERM leaves cleanly.")
    static final class Run implements Callable<Integer> {
        @Mixin
        NodeDirOption dir;

        @picocli.CommandLine.Option(names = "--lock-expiry", defaultValue = "120s", paramLabel = "DURATION",
                converter = DurationMillisConverter.class,
                description = "A cluster lock expires this long after the last renewal a node saw (default ${DEFAULT-VALUE},"
                        + " as pmxcfs). Give every node the same value.")
        long lockExpiryMs;

        @Override
        public Integer call() throws Exception {
            LoggingSetup.forDaemon();
            LoadedNode node;
            try {
                node = LoadedNode.load(dir.path());
            } catch (InvalidNodeDirectoryException e) {
                throw new CliException(e.getMessage());
            }
            try {
                return NodeDaemon.run(node, new io.quorate.configdb.ConfigDbSettings(null, lockExpiryMs));
            } catch (IllegalArgumentException e) {
                throw new CliException("--lock-expiry: " + e.getMessage(), 2);
            }
        }
    }
}
