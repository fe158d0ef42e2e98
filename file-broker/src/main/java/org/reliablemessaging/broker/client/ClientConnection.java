package org.reliablemessaging.broker.client;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.BrokerException;
import org.reliablemessaging.broker.BrokerUnavailableException;
import org.reliablemessaging.broker.protocol.FrameWriter;
import org.reliablemessaging.broker.protocol.Frames;
import org.reliablemessaging.broker.protocol.HandshakeAccepted;
import org.reliablemessaging.broker.protocol.MalformedFrameException;
import org.reliablemessaging.broker.protocol.Request;

/**
 * One pipelined connection to a broker server: requests are queued to the connection's {@link FrameWriter},
 * which writes as many at once as are waiting, a virtual thread reads responses and completes each request's
 * future by correlation id, and another fails the requests left unanswered past their timeout. When the
 * connection fails, every outstanding request fails as {@link BrokerUnavailableException}; the connection is
 * not reused.
 */
final class ClientConnection implements AutoCloseable {

    private static final Logger LOG = System.getLogger(ClientConnection.class.getName());
    /** How often overdue requests are looked for: a request fails at most this long after its timeout. */
    private static final Duration EXPIRY_CHECK = Duration.ofMillis(50);

    private final Socket socket;
    private final String broker;
    private final ClientConfig config;
    private final HandshakeAccepted session;
    private final FrameWriter writer;
    private final Semaphore inFlight;
    private final Map<Integer, PendingRequest<?>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private volatile @Nullable BrokerUnavailableException failure;

    private ClientConnection(Socket socket, ClientConfig config, HandshakeAccepted session) throws IOException {
        this.socket = socket;
        this.broker = config.host() + ":" + config.port();
        this.config = config;
        this.session = session;
        this.inFlight = new Semaphore(config.maxInFlight());
        this.writer = FrameWriter.start("broker-client-writer-" + socket.getLocalPort(), socket.getOutputStream(),
                config.maxInFlight(), ex -> fail("writing to it failed: " + ex, ex));
    }

    /**
     * Connects and handshakes.
     *
     * @throws BrokerUnavailableException when the broker cannot be reached or refuses for now
     * @throws BrokerException when it refuses the token or the protocol version
     */
    static ClientConnection open(ClientConfig config) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(config.host(), config.port()), (int) config.connectTimeout().toMillis());
            socket.setSoTimeout((int) config.connectTimeout().toMillis());
            HandshakeAccepted session = handshake(socket, config);
            socket.setSoTimeout(0);
            ClientConnection connection = new ClientConnection(socket, config, session);
            Thread.ofVirtual().name("broker-client-" + socket.getLocalPort()).start(connection::readResponses);
            Thread.ofVirtual().name("broker-client-timeouts-" + socket.getLocalPort()).start(connection::expireOverdue);
            return connection;
        }
        catch (IOException | MalformedFrameException ex) {
            closeSocket(socket);
            throw new BrokerUnavailableException("cannot connect to the broker at " + config.host() + ":" + config.port()
                    + " (" + ex + "); check that it runs there, then retry", ex);
        }
        catch (RuntimeException ex) {
            closeSocket(socket);
            throw ex;
        }
    }

    private static HandshakeAccepted handshake(Socket socket, ClientConfig config) throws IOException {
        Request.Handshake handshake = new Request.Handshake(Frames.VERSION, config.token());
        OutputStream out = socket.getOutputStream();
        out.write(Frames.encodeRequest(0, handshake));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteBuffer body = Frames.requireFrame(Frames.readFrame(in, config.maxResponseBytes()), "the broker");
        Frames.Response<HandshakeAccepted> response = Frames.decodeResponse(body, handshake);
        if (response.error() != null) {
            throw response.error().toException();
        }
        return Objects.requireNonNull(response.value(), "a successful handshake's response carries the session");
    }

    /** What the server said about itself in the handshake. */
    HandshakeAccepted session() {
        return session;
    }

    boolean isOpen() {
        return failure == null;
    }

    /**
     * Sends {@code request}, waiting first while {@code maxInFlight} requests are outstanding.
     *
     * @return the response value, or fails with the broker's error, with {@link BrokerUnavailableException} when
     *         the connection fails or no response comes within {@code timeout}, or with
     *         {@link RequestTooLargeException} (without sending) when the frame exceeds the server's limit
     */
    <R extends @Nullable Object> CompletableFuture<R> send(Request<R> request, Duration timeout) {
        int id = nextId.incrementAndGet();
        byte[] frame = Frames.encodeRequest(id, request);
        if (frame.length - Integer.BYTES > session.maxFrameBytes()) {
            return CompletableFuture.failedFuture(new RequestTooLargeException(frame.length, session.maxFrameBytes()));
        }
        inFlight.acquireUninterruptibly();
        PendingRequest<R> entry = PendingRequest.startingNow(request, timeout);
        entry.future().whenComplete((value, error) -> {
            pending.remove(id);
            inFlight.release();
        });
        pending.put(id, entry);
        BrokerUnavailableException down = failure;
        if (down != null) {
            entry.future().completeExceptionally(down);
            return entry.future();
        }
        if (!writer.send(frame)) {
            entry.future().completeExceptionally(failure != null ? failure : new BrokerUnavailableException(
                    "interrupted while waiting to send " + request.type() + " to the broker at " + broker + "; not sent"));
        }
        return entry.future();
    }

    /**
     * Fails the requests whose response is overdue: one sweep for all of them every {@link #EXPIRY_CHECK}, where a
     * timer per request cost a wake-up of the timer's thread per request.
     */
    private void expireOverdue() {
        try {
            while (failure == null) {
                Thread.sleep(EXPIRY_CHECK);
                long now = System.nanoTime();
                pending.values().forEach(entry -> entry.expireIfDue(now, broker));
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void readResponses() {
        try (InputStream in = new BufferedInputStream(socket.getInputStream())) {
            ByteBuffer body;
            while ((body = Frames.readFrame(in, config.maxResponseBytes())) != null) {
                complete(body);
            }
            fail("the broker closed it", null);
        }
        catch (IOException | RuntimeException ex) {
            fail(failure != null ? "it was closed" : "reading from it failed: " + ex, ex);
        }
    }

    private void complete(ByteBuffer body) {
        int id = Frames.correlationId(body);
        PendingRequest<?> entry = pending.get(id);
        if (entry == null && id == 0) {
            // correlation id 0 is never a request's: the server tells why it drops the connection
            Frames.Response<@Nullable Void> notice = Frames.decodeResponse(body, new Request.LeaveGroup(0));
            fail("the broker dropped it: " + (notice.error() != null ? notice.error().message() : "no reason given"), null);
        }
        else if (entry != null) {
            entry.complete(body);
        }
        else {
            LOG.log(Level.DEBUG, "response {0} from {1} arrived after its request timed out", Integer.toString(id), broker);
        }
    }

    /** Marks the connection failed, closes it and fails every outstanding request. */
    private void fail(String reason, @Nullable Throwable cause) {
        BrokerUnavailableException down = new BrokerUnavailableException("connection to the broker at " + broker
                + " lost: " + reason + "; a request under way may or may not have been carried out; retry", cause);
        synchronized (this) {
            if (failure == null) {
                failure = down;
                LOG.log(Level.INFO, "broker connection closed: broker={0} reason={1}", broker, reason);
            }
        }
        writer.close();
        closeSocket(socket);
        pending.values().forEach(entry -> entry.future().completeExceptionally(failure));
    }

    @Override
    public void close() {
        fail("the client closed it", null);
    }

    private static void closeSocket(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ex) {
            LOG.log(Level.DEBUG, "closing a broker socket failed", ex);
        }
    }
}
