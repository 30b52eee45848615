package io.quorate.runtime.link;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A plain blocking socket playing a misbehaving (or merely hand-driven) node, from the test thread. */
final class RawPeer implements AutoCloseable {
    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;

    RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) Await.LIMIT.toMillis());
        this.out = new DataOutputStream(socket.getOutputStream());
        this.in = new DataInputStream(socket.getInputStream());
    }

    static RawPeer connect(int port) throws IOException {
        return new RawPeer(new Socket("127.0.0.1", port));
    }

    void sendFrame(byte[] packet) throws IOException {
        out.writeInt(packet.length);
        out.write(packet);
        out.flush();
    }

    void sendInt(int value) throws IOException {
        out.writeInt(value);
        out.flush();
    }

    /** The packet of the next frame. */
    byte[] readFrame() throws IOException {
        byte[] packet = new byte[in.readInt()];
        in.readFully(packet);
        return packet;
    }

    /** Waits (up to the test limit) for the other end to close the connection, discarding what arrives. */
    void awaitClosedByOtherEnd() throws IOException {
        InputStream input = socket.getInputStream();
        byte[] sink = new byte[8192];
        try {
            while (true) {
                int read = input.read(sink);
                if (read < 0) {
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            fail("the other end did not close the connection within " + Await.LIMIT.toSeconds() + " s");
        } catch (IOException reset) {
            // closed with our bytes unread: the kernel answers with a reset, which is a close too
            assertTrue(String.valueOf(reset.getMessage()).contains("reset"), "not closed but failed: " + reset);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
