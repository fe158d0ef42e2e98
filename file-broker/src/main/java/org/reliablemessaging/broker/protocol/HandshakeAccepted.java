package org.reliablemessaging.broker.protocol;

/**
 * The server's answer to a good handshake.
 *
 * @param version the protocol version the connection speaks
 * @param sessionTimeoutMillis how long a group member may go without a request before the server drops it;
 *        clients heartbeat at a third of it
 */
public record HandshakeAccepted(int version, long sessionTimeoutMillis) {

    static final WireCodec<HandshakeAccepted> CODEC = WireCodec.of(
            (out, r) -> out.writeInt(r.version).writeLong(r.sessionTimeoutMillis),
            in -> new HandshakeAccepted(in.readInt(), in.readLong()));
}
