package io.quorate.runtime.link;

import io.quorate.protocol.RejectReason;

/**
 * Where the link reports what it refuses to read. The node passes its packet-rejection report
 * ({@code PacketRejections::reject}), so stream and datagram rejections are counted and logged alike.
 */
@FunctionalInterface
public interface LinkRejections {
    /**
     * @param source the remote address, {@code host:port}
     * @param detail for the log; never contains key material
     */
    void reject(String source, RejectReason reason, String detail);
}
