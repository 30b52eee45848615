package io.quorate.ha.guest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One {@code GET /health} to one guest over a plain socket, all of it (connect, send, read) within
 * one deadline, so a slow or silent endpoint costs its round at most the timeout. Plain sockets
 * rather than an HTTP client: nothing pooled or kept alive, so every answer comes from a fresh
 * connection to whatever listens at that moment.
 */
final class HealthProbe {
    /** A guest's answer is ~100 bytes; anything far larger is not a guest. */
    private static final int MAX_ANSWER = 8192;

    private HealthProbe() {
    }

    /** The answer, or null when nothing listens, the deadline passes, or what answers is not guest {@code endpoint.sid()}. */
    static ProbeAnswer probe(GuestEndpoint endpoint, long round, long timeoutNanos) {
        long sent = System.nanoTime();
        long deadline = sent + timeoutNanos;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.address().host(), endpoint.address().port()), millisLeft(deadline));
            socket.getOutputStream().write(("GET /health HTTP/1.0\r\nHost: " + endpoint.address()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String body = okBody(readAnswer(socket, deadline));
            long received = System.nanoTime();
            if (body == null) {
                return null;
            }
            GuestIdentity identity = GuestIdentity.parse(body);
            return identity.sid().equals(endpoint.sid())
                    ? new ProbeAnswer(endpoint, identity.node(), round, sent, received)
                    : null;
        } catch (IOException | IllegalArgumentException e) {
            return null; // no answer: refused, timed out, reset, or not a guest's identity
        }
    }

    /** Reads to the end of the answer: EOF (HTTP/1.0, Connection: close) or the Content-Length. */
    private static String readAnswer(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        while (answer.size() <= MAX_ANSWER && !complete(answer.toString(StandardCharsets.ISO_8859_1))) {
            socket.setSoTimeout(millisLeft(deadline));
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            answer.write(buffer, 0, n);
        }
        return answer.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean complete(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        long length = end < 0 ? -1 : contentLength(answer.substring(0, end));
        return length >= 0 && answer.length() - end - 4 >= length;
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring("content-length:".length()).strip());
            }
        }
        return -1;
    }

    /** The body of a 200 answer, or null for any other status or a cut-off head. */
    private static String okBody(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        if (end < 0 || !answer.matches("(?s)HTTP/1\\.[01] 200 .*")) {
            return null;
        }
        return new String(answer.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** What is left of the deadline, at least 1 ms (0 would mean "no timeout" to a socket); throws once passed. */
    private static int millisLeft(long deadline) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new java.net.SocketTimeoutException("probe deadline passed");
        }
        return (int) Math.min(left, Integer.MAX_VALUE);
    }
}
