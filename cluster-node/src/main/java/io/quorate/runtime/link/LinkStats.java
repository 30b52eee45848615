package io.quorate.runtime.link;

/**
 * Counters of one {@link StreamLink} since it was created.
 *
 * @param framesSent     frames handed to a socket
 * @param framesReceived authenticated, fresh frames delivered to the message handler
 * @param framesDropped  frames given to {@code send} that never reached a socket: no route, too
 *                       large to encode, over the byte bound of a slow or unreachable peer, or
 *                       discarded with a connection attempt that failed (received frames that are
 *                       refused are reported to {@link LinkRejections} instead)
 * @param bytesSent      bytes of frames handed to a socket, length prefixes included
 * @param bytesReceived  bytes read from sockets, whatever became of them
 * @param connects       outbound connections established
 * @param reconnects     outbound connection attempts after an earlier attempt to the same peer
 *                       failed or its connection closed
 */
public record LinkStats(long framesSent, long framesReceived, long framesDropped, long bytesSent, long bytesReceived,
                        long connects, long reconnects) {
}
