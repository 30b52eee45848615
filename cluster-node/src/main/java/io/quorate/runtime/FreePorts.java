package io.quorate.runtime;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks ports that are free on an address right now, for local clusters and tests (no fixed ports). */
public final class FreePorts {
    private FreePorts() {
    }

    /** A port free for both UDP and TCP on the address. */
    public static int pick(String host) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket tcp = new ServerSocket(0, 1, address)) {
                port = tcp.getLocalPort();
            }
            try (DatagramSocket udp = new DatagramSocket(port, address)) {
                return port;
            } catch (IOException taken) {
                // the UDP side of this port is in use; try another
            }
        }
        throw new IOException("no free port found on " + host);
    }
}
