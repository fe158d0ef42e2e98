package org.reliablemessaging.broker.server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.BrokerException;
import org.reliablemessaging.broker.embedded.FileBroker;
import org.reliablemessaging.broker.protocol.ErrorCode;
import org.reliablemessaging.broker.protocol.FrameWriter;
import org.reliablemessaging.broker.protocol.Frames;
import org.reliablemessaging.broker.protocol.MalformedFrameException;
import org.reliablemessaging.broker.protocol.RemoteError;
import org.reliablemessaging.broker.protocol.Request;

/**
 * One client connection: a virtual thread reads its frames and starts each request; responses are queued, as
 * the requests complete and in whatever order that is, to the connection's {@link FrameWriter}.
 */
final class ServerConnection {

    private static final Logger LOG = System.getLogger(ServerConnection.class.getName());
    /** How long a connection's last frames (a refusal, the reason it is dropped) may take to go out before it closes. */
    private static final Duration LINGER = Duration.ofSeconds(1);

    private final Socket socket;
    private final String peer;
    private final ServerConfig config;
    private final Handshaker handshaker;
    private final ConnectionMembers members;
    private final RequestHandler handler;
    private final Semaphore inFlight;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long openedNanos = System.nanoTime();
    private volatile boolean handshakeDone;
    private volatile long lastFrameNanos = openedNanos;
    private final FrameWriter writer;

    ServerConnection(Socket socket, ServerConfig config, FileBroker broker, Executor blockingExecutor) throws IOException {
        this.socket = socket;
        this.peer = socket.getRemoteSocketAddress().toString();
        this.config = config;
        this.handshaker = new Handshaker(config, peer);
        this.members = new ConnectionMembers(peer);
        this.handler = new RequestHandler(broker, config.sessionTimeout(), members, blockingExecutor);
        this.inFlight = new Semaphore(config.maxInFlightPerConnection());
        // room for every response a permit allows, the handshake's answer and the reason for dropping the connection,
        // so the threads completing requests (the log's writer among them) never wait for room
        this.writer = FrameWriter.start("broker-conn-writer-" + peer, socket.getOutputStream(),
                config.maxInFlightPerConnection() + 2, ex -> close("writing a response failed: " + ex));
    }

    String peer() {
        return peer;
    }

    /** Serves the connection until it ends; returns after closing it. */
    void serve() {
        String reason = "the client closed the connection";
        // the socket's input stream is not closed by a try-with-resources: that would close the socket
        // before the catch below can tell the client why the connection ends
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            if (handshaker.accept(Frames.requireFrame(Frames.readFrame(in, Handshaker.MAX_FRAME_BYTES), peer), writer::send)) {
                handshakeDone = true;
                readRequests(in);
            }
            else {
                reason = "handshake refused";
            }
        }
        catch (MalformedFrameException ex) {
            reason = "malformed frame: " + ex.getMessage();
            LOG.log(Level.WARNING, "closing connection: peer={0} reason={1}", peer, reason);
            writer.send(Frames.encodeError(0, new RemoteError(ErrorCode.MALFORMED_FRAME,
                    Objects.requireNonNull(ex.getMessage(), "a malformed frame always says why"))));
        }
        catch (IOException ex) {
            reason = closed.get() ? "closed by the server" : "connection failed: " + ex;
        }
        finally {
            finishWriting();
            close(reason);
        }
    }

    /** Lets the writer send what is queued, such as why the connection ends, unless the client takes too long to read it. */
    private void finishWriting() {
        writer.close();
        try {
            writer.awaitEnd(LINGER);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void readRequests(InputStream in) throws IOException {
        ByteBuffer body;
        while ((body = Frames.readFrame(in, config.maxFrameBytes())) != null) {
            lastFrameNanos = System.nanoTime();
            Frames.RequestFrame frame = Frames.decodeRequest(body);
            inFlight.acquireUninterruptibly();
            start(frame.correlationId(), frame.request());
        }
    }

    private void start(int correlationId, Request<?> request) {
        CompletableFuture<?> result;
        try {
            result = handler.handle(request);
        }
        catch (RuntimeException ex) {
            result = CompletableFuture.failedFuture(ex);
        }
        result.whenComplete((value, failure) -> respond(correlationId, request, value, failure));
    }

    /**
     * Queues the response on the thread that completed the request (for a publish, the log's writer), which only
     * encodes it; the request's permit is held until the response is written, which bounds the writer's queue.
     */
    private void respond(int correlationId, Request<?> request, @Nullable Object value, @Nullable Throwable failure) {
        byte[] frame;
        try {
            frame = failure == null
                    ? encode(correlationId, request, value)
                    : Frames.encodeError(correlationId, RemoteError.of(failure));
        }
        catch (RuntimeException ex) {
            inFlight.release();
            throw ex;
        }
        writer.send(frame, inFlight::release);
        if (failure != null && ErrorCode.of(failure) == ErrorCode.BROKER_ERROR) {
            logFailure(request, failure);
        }
    }

    /** The broker's own refusals (an unknown topic, say) in one line, since any client can cause them; the rest with their stack. */
    private void logFailure(Request<?> request, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof BrokerException) {
            LOG.log(Level.WARNING, "request failed: peer={0} request={1} error={2}", peer, request.type(), cause.getMessage());
        }
        else {
            LOG.log(Level.WARNING, "request failed: peer=" + peer + " request=" + request.type(), cause);
        }
    }

    // The value is what the request's work completed with, an R: null only where R is @Nullable Void, which
    // NullAway cannot follow through the unchecked cast.
    @SuppressWarnings({"unchecked", "NullAway"})
    private static <R extends @Nullable Object> byte[] encode(int correlationId, Request<R> request,
            @Nullable Object value) {
        return Frames.encodeResponse(correlationId, request, (R) value);
    }

    /** Closes the connection if it broke a timeout: no handshake in time, or idle with nothing in flight. */
    void checkTimeouts(long nowNanos) {
        if (!handshakeDone && nowNanos - openedNanos > config.handshakeTimeout().toNanos()) {
            close("no handshake within " + config.handshakeTimeout().toMillis() + " ms");
        }
        else if (handshakeDone && nowNanos - lastFrameNanos > config.idleTimeout().toNanos()
                && inFlight.availablePermits() == config.maxInFlightPerConnection()) {
            close("idle for " + config.idleTimeout().toMillis() + " ms");
        }
    }

    /** Closes the socket, which stops the reader and the writer, and the connection's group members. */
    void close(String reason) {
        if (closed.compareAndSet(false, true)) {
            LOG.log(Level.INFO, "connection closed: peer={0} reason={1}", peer, reason);
            writer.close();
            try {
                socket.close();
            }
            catch (IOException ex) {
                LOG.log(Level.DEBUG, "closing socket of " + peer + " failed", ex);
            }
            members.closeAll("its connection closed (" + reason + ")");
        }
    }

    boolean isClosed() {
        return closed.get();
    }
}
