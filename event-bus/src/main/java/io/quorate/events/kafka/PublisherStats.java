package io.quorate.events.kafka;

/**
 * A snapshot of a {@link SpoolPublisher}, for metrics and status output.
 *
 * @param published     records the broker confirmed (a record resent after a failure counts again)
 * @param lag           records in the spool not yet confirmed
 * @param sendFailures  failed publish attempts (each followed by a backoff and a resend)
 * @param skipped       spool records that were not valid events and were reported and skipped
 * @param lastError     the latest publish error, or null while publishing works
 * @param latencyP50Ms  event time to broker confirmation, median, in ms
 * @param latencyP99Ms  the same, 99th percentile
 * @param latencyMaxMs  the same, worst seen
 */
public record PublisherStats(long published, long lag, long sendFailures, long skipped, String lastError,
                             long latencyP50Ms, long latencyP99Ms, long latencyMaxMs) {
}
