/**
 * The stream link: authenticated TCP between cluster nodes, for the replicated config log's
 * messages ({@link io.quorate.protocol.ClusterMessage.Replication}), which can be far larger than a
 * datagram. It listens on the same host:port number as the node's UDP cluster address.
 *
 * <p><b>Framing.</b> A connection carries frames {@code [int32 length, big-endian][packet]}, where
 * the packet is {@link io.quorate.protocol.PacketCodec#forStreams} output: HMAC-signed with the
 * cluster authkey and at most {@link io.quorate.protocol.PacketCodec#MAX_STREAM_FRAME_BYTES}. A
 * length outside {@code 1..maxBytes} is refused before any of the body is read, and a frame that
 * does not decode (bad MAC, malformed, ...) closes its connection.
 *
 * <p><b>Who is who.</b> The sender is the node id in the authenticated packet, never the socket's
 * address. A connection is bound to the first sender it authenticates; another id on it closes it.
 * Any authenticated id but our own is accepted, listed in the peers map or not.
 *
 * <p><b>Replay.</b> A sender numbers all its frames, to every receiver and over every connection,
 * with one counter per incarnation. A receiver accepts each (sender, incarnation, seq) at most
 * once, through a {@link io.quorate.protocol.ReplayWindow}: a higher incarnation starts afresh, an
 * older one is refused, and within an incarnation a frame may arrive up to 63 behind the highest
 * seen (frames of one sender can arrive over two connections: its outbound one, and replies over
 * ours when it does not list us), anything older or seen before is refused as replayed and dropped,
 * leaving its connection open.
 *
 * <p><b>Routing.</b> To reach node X the link uses its own outbound connection when X is in the
 * peers map, and otherwise the latest connection on which X authenticated (so a node that does not
 * know X, a lagging follower and a new leader say, can still answer it). Delivery is best effort:
 * a frame that cannot be sent now is dropped and counted, never buffered without bound.
 */
package io.quorate.runtime.link;
