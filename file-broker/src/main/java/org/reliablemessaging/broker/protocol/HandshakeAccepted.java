package org.reliablemessaging.broker.protocol;

/**
 * The server's answer to a good handshake.
 *
 * @param version the protocol version the connection speaks
 * @param sessionTimeoutMillis how long a group member may go without a request before the server drops it;
 *        clients heartbeat at a third of it
 * @param maxFrameBytes the largest request frame the server accepts; clients split larger batches
 */
public record HandshakeAccepted(int version, long sessionTimeoutMillis, int maxFrameBytes) {

    static final WireCodec<HandshakeAccepted> CODEC = WireCodec.of(
            (out, r) -> out.writeInt(r.version).writeLong(r.sessionTimeoutMillis).writeInt(r.maxFrameBytes),
            in -> new HandshakeAccepted(in.readInt(), in.readLong(), in.readInt()));
}
