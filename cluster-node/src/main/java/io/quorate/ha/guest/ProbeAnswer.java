package io.quorate.ha.guest;

/**
 * A guest answered a probe: it was up at some instant between {@code sentNanos} (just before
 * connecting) and {@code receivedNanos} (its whole answer read), both {@link System#nanoTime()}.
 *
 * @param endpoint the address that was probed
 * @param node the node the answer names (what the verdicts use: a guest says where it runs)
 * @param round the number of the prober's round, from 1
 */
public record ProbeAnswer(GuestEndpoint endpoint, String node, long round, long sentNanos, long receivedNanos) {

    public String sid() {
        return endpoint.sid();
    }

    /** Whether both answers' intervals share an instant: both requests were outstanding at once. */
    boolean overlaps(ProbeAnswer other) {
        return sentNanos <= other.receivedNanos && other.sentNanos <= receivedNanos;
    }
}
