package io.quorate.ha.watchdog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The node's side of the supervisor protocol (see {@link Supervisor}); blocking, one request at a time. */
public final class WatchdogClient implements AutoCloseable {
    private final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;

    private WatchdogClient(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.out = Channels.newOutputStream(channel);
    }

    public static WatchdogClient connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return new WatchdogClient(channel);
    }

    /** Sends one command line; returns the answer line ({@code OK ...} or {@code ERR ...}). */
    public synchronized String call(String command) throws IOException {
        if (command.contains("\n")) {
            throw new IllegalArgumentException("one line per command");
        }
        out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String answer = in.readLine();
        if (answer == null) {
            throw new IOException("the watchdog supervisor closed the connection");
        }
        return answer;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
