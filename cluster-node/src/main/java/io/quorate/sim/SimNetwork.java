package io.quorate.sim;

import io.quorate.protocol.ClusterMessage;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * The simulated cluster network: every message is a scheduled delivery with a random delay
 * (so reordering happens), and may be lost or duplicated; directed links can be cut.
 */
final class SimNetwork {
    record Delivery(long at, long order, int from, int to, ClusterMessage message) implements Comparable<Delivery> {
        @Override
        public int compareTo(Delivery other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    private final PriorityQueue<Delivery> inFlight = new PriorityQueue<>();
    private final Set<Long> cutLinks = new HashSet<>();
    private final Random random;
    private long order;
    private double lossRate;
    private double duplicateRate;
    private long minDelayMs = 1;
    private long maxDelayMs = 5;
    private long delivered;
    private long dropped;

    SimNetwork(Random random) {
        this.random = random;
    }

    void send(long now, int from, int to, ClusterMessage message) {
        if (cutLinks.contains(link(from, to)) || random.nextDouble() < lossRate) {
            dropped++;
            return;
        }
        schedule(now, from, to, message);
        if (random.nextDouble() < duplicateRate) {
            schedule(now, from, to, message);
        }
    }

    private void schedule(long now, int from, int to, ClusterMessage message) {
        long delay = minDelayMs + (maxDelayMs > minDelayMs ? random.nextLong(maxDelayMs - minDelayMs + 1) : 0);
        inFlight.add(new Delivery(now + delay, order++, from, to, message));
    }

    long nextDeliveryAt() {
        Delivery head = inFlight.peek();
        return head == null ? Long.MAX_VALUE : head.at;
    }

    Delivery poll() {
        delivered++;
        return inFlight.poll();
    }

    /** A message already in flight across a link that is cut afterwards is still dropped. */
    boolean stillPassable(Delivery delivery) {
        return !cutLinks.contains(link(delivery.from, delivery.to));
    }

    void cut(int from, int to) {
        cutLinks.add(link(from, to));
    }

    void heal() {
        cutLinks.clear();
        lossRate = 0;
        duplicateRate = 0;
    }

    void setLossRate(double lossRate) {
        this.lossRate = lossRate;
    }

    void setDuplicateRate(double duplicateRate) {
        this.duplicateRate = duplicateRate;
    }

    void setDelay(long minDelayMs, long maxDelayMs) {
        if (minDelayMs < 0 || maxDelayMs < minDelayMs) {
            throw new IllegalArgumentException("delay range must be 0 <= min <= max, got " + minDelayMs + ".." + maxDelayMs);
        }
        this.minDelayMs = minDelayMs;
        this.maxDelayMs = maxDelayMs;
    }

    long maxDelayMs() {
        return maxDelayMs;
    }

    long delivered() {
        return delivered;
    }

    long dropped() {
        return dropped;
    }

    private static long link(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }
}
