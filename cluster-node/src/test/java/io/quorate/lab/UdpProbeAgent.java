package io.quorate.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Runs inside a lab host's namespace (its own JVM) and sends and receives real UDP datagrams.
 * Prints "ready" once bound, "got TOKEN from IP" per datagram received, and "sent TOKEN" after each
 * "send IP PORT TOKEN" command read from stdin. Exits when stdin closes, so it dies with the test.
 */
public final class UdpProbeAgent {

    private UdpProbeAgent() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(port));
        Thread receiver = new Thread(() -> receive(socket), "udp-probe-receiver");
        receiver.setDaemon(true);
        receiver.start();
        say("ready");
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] send = line.strip().split(" ");
            byte[] token = send[3].getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(token, token.length, InetAddress.getByName(send[1]), Integer.parseInt(send[2])));
            say("sent " + send[3]);
        }
        System.exit(0);
    }

    private static void receive(DatagramSocket socket) {
        byte[] buffer = new byte[512];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                say("receive failed: " + e);
                return;
            }
            String token = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            say("got " + token + " from " + packet.getAddress().getHostAddress());
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
