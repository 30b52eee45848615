package io.quorate.events.spool;

/**
 * Sizing of a spool.
 *
 * @param boundBytes     unpublished bytes past which heartbeat samples are dropped (state events are
 *                       kept regardless, so the spool may grow past this)
 * @param segmentBytes   a segment is closed and a new one started once it holds this many bytes;
 *                       published segments are deleted whole, so keep it well under the bound
 * @param maxRecordBytes the largest event accepted; also limits what a damaged length field may claim
 */
public record SpoolOptions(long boundBytes, long segmentBytes, int maxRecordBytes) {
    public static final SpoolOptions DEFAULT = new SpoolOptions(256L << 20, 8L << 20, 4 << 20);

    public SpoolOptions {
        if (boundBytes <= 0 || segmentBytes <= 0 || maxRecordBytes <= 0) {
            throw new IllegalArgumentException("spool sizes must be positive");
        }
    }

    public SpoolOptions withBoundBytes(long bytes) {
        return new SpoolOptions(bytes, segmentBytes, maxRecordBytes);
    }

    public SpoolOptions withSegmentBytes(long bytes) {
        return new SpoolOptions(boundBytes, bytes, maxRecordBytes);
    }
}
