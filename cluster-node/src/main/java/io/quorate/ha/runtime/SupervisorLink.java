package io.quorate.ha.runtime;

import io.quorate.ha.watchdog.WatchdogClient;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node's connection to its watchdog supervisor: blocking socket calls, made one after another
 * on a worker of their own so the event loop never waits and commands keep their order. A broken
 * connection is dropped and made again at the next call.
 */
final class SupervisorLink implements AutoCloseable {
    private final Path socket;
    private final WorkerExecutor worker;
    private WatchdogClient client;

    SupervisorLink(Path socket, WorkerExecutor worker) {
        this.socket = socket;
        this.worker = worker;
    }

    /** Sends one command; fails with the supervisor's {@code ERR ...} answer or the connection problem. */
    Future<String> call(String command) {
        return worker.executeBlocking(() -> callBlocking(command), true);
    }

    private String callBlocking(String command) throws IOException {
        if (client == null) {
            if (!Files.exists(socket)) {
                throw new IOException("no watchdog supervisor listens at " + socket + " (start it: quorate supervisor --dir ...)");
            }
            client = WatchdogClient.connect(socket);
            String hello = client.call("HELLO " + ProcessHandle.current().pid());
            if (!hello.startsWith("OK")) {
                throw new IOException("supervisor refused HELLO: " + hello);
            }
        }
        String answer;
        try {
            answer = client.call(command);
        } catch (IOException e) {
            closeQuietly();
            throw e;
        }
        if (!answer.startsWith("OK")) {
            throw new IOException("supervisor: " + answer);
        }
        return answer;
    }

    private void closeQuietly() {
        try {
            if (client != null) {
                client.close();
            }
        } catch (IOException ignored) {
            // the connection is gone either way
        }
        client = null;
    }

    @Override
    public void close() {
        worker.executeBlocking(() -> {
            closeQuietly();
            return null;
        });
    }
}
