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

        @Override
        public Integer call() throws Exception {
            LoggingSetup.forDaemon();
            LoadedNode node;
            try {
                node = LoadedNode.load(dir.path());
            } catch (InvalidNodeDirectoryException e) {
                throw new CliException(e.getMessage());
            }
            return NodeDaemon.run(node);
        }
    }
}
