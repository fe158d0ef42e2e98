package org.reliablemessaging.broker.server;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.protocol.ErrorCode;
import org.reliablemessaging.broker.protocol.Frames;
import org.reliablemessaging.broker.protocol.HandshakeAccepted;
import org.reliablemessaging.broker.protocol.MalformedFrameException;
import org.reliablemessaging.broker.protocol.RemoteError;
import org.reliablemessaging.broker.protocol.Request;

/**
 * Checks a connection's first frame: a handshake of this protocol version with the right token.
 */
final class Handshaker {

    /** A handshake is a version and a token: anything larger is not one, and is not read into memory. */
    static final int MAX_FRAME_BYTES = 8 * 1024;

    private static final Logger LOG = System.getLogger(Handshaker.class.getName());

    private final ServerConfig config;
    private final String peer;

    Handshaker(ServerConfig config, String peer) {
        this.config = config;
        this.peer = peer;
    }

    /** Answers the handshake in {@code body} through {@code send}; returns whether the connection may go on. */
    boolean accept(ByteBuffer body, Consumer<byte[]> send) {
        Frames.RequestFrame frame = Frames.decodeRequest(body);
        if (!(frame.request() instanceof Request.Handshake handshake)) {
            throw new MalformedFrameException("the first frame must be a handshake, was " + frame.request().type());
        }
        RemoteError refusal = refusal(handshake);
        if (refusal != null) {
            LOG.log(Level.WARNING, "handshake refused: peer={0} code={1} reason={2}", peer, refusal.code(), refusal.message());
            send.accept(Frames.encodeError(frame.correlationId(), refusal));
            return false;
        }
        send.accept(Frames.encodeResponse(frame.correlationId(), handshake,
                new HandshakeAccepted(Frames.VERSION, config.sessionTimeout().toMillis(), config.maxFrameBytes())));
        return true;
    }

    private @Nullable RemoteError refusal(Request.Handshake handshake) {
        if (handshake.version() != Frames.VERSION) {
            return new RemoteError(ErrorCode.UNSUPPORTED_VERSION, "the client speaks protocol version "
                    + handshake.version() + " but this broker speaks " + Frames.VERSION
                    + "; use a client of the broker's release");
        }
        if (config.token() != null && (handshake.token() == null || !MessageDigest.isEqual(
                config.token().getBytes(StandardCharsets.UTF_8), handshake.token().getBytes(StandardCharsets.UTF_8)))) {
            return new RemoteError(ErrorCode.AUTHENTICATION_FAILED, (handshake.token() == null ? "no token" : "wrong token")
                    + " in the handshake: this broker requires its token; configure the client with it");
        }
        return null;
    }
}
