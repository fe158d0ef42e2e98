package org.reliablemessaging.testservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * A loopback TCP forwarder in front of a real server (a broker, a database), which a test or the fault-injection
 * harness uses to break the network to it without touching the server itself: {@link #cut() cut} (connections
 * dropped, new ones refused), {@link #hold() hold} (a partition: connections stay open, no byte passes) or
 * {@link #delay(Duration) delay} (a slow link: every byte late by a fixed latency each way, in order).
 */
public final class TcpProxy implements AutoCloseable {

    private final int port;

    private final String targetHost;

    private final int targetPort;

    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

    private final LinkConditions link = new LinkConditions();

    private @Nullable ServerSocket server;

    private @Nullable Thread acceptor;

    /** A proxy to {@code host:port}, closed until {@link #open()}. */
    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            this.port = probe.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A proxy to a {@code host:port} address. */
    public static TcpProxy to(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        return new TcpProxy(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
    }

    /** The loopback port it listens on. */
    public int port() {
        return port;
    }

    /** Starts accepting and forwarding connections. */
    public synchronized void open() throws IOException {
        server = bind();
        ServerSocket accepting = server;
        acceptor = Thread.ofVirtual().name("tcp-proxy-" + port).start(() -> accept(accepting));
    }

    /** Binds the port, waiting a little while connections just cut still hold it. */
    private ServerSocket bind() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            try {
                socket.bind(new InetSocketAddress("127.0.0.1", port));
                return socket;
            }
            catch (BindException ex) {
                socket.close();
                if (System.nanoTime() > deadline) {
                    throw ex;
                }
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
    }

    /** Stops accepting and drops every open connection, as a network failure would. */
    public synchronized void cut() throws IOException {
        if (server != null) {
            server.close();
            awaitAcceptorEnd();
        }
        for (Socket socket : connections) {
            socket.close();
        }
        connections.clear();
    }

    /**
     * Waits for the accepting thread to end: closing a socket that a virtual thread accepts on may leave the port
     * listening until that thread runs again, which on a busy machine let a new connection in after the cut.
     */
    private void awaitAcceptorEnd() throws IOException {
        Thread accepting = acceptor;
        if (accepting == null) {
            return;
        }
        try {
            if (!accepting.join(Duration.ofSeconds(5))) {
                throw new IOException("the proxy on port " + port + " still accepts 5 s after it was cut");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while cutting the proxy on port " + port, ex);
        }
    }

    /**
     * A partition: from now on no byte passes either way, on open connections and on new ones (which are
     * accepted, as the peer's kernel would, but not connected to the target), until {@link #release()}.
     * Nothing is dropped: what was sent meanwhile (up to a bounded amount; then the senders block) passes after.
     */
    public void hold() {
        link.hold();
    }

    /** Ends a {@link #hold()}: what was held passes, in order. */
    public void release() {
        link.release();
    }

    /** A slow link: every byte read from now on is written {@code latency} later, each way; zero ends it. */
    public void delay(Duration latency) {
        link.latency(latency);
    }

    @Override
    public void close() throws IOException {
        cut();
        release();
    }

    private void accept(ServerSocket accepting) {
        while (!accepting.isClosed()) {
            try {
                Socket client = accepting.accept();
                connections.add(client);
                ProxiedConnection.start(client, targetHost, targetPort, link, connections);
            }
            catch (IOException ex) {
                // Closed by cut(): a new open() accepts again.
            }
        }
    }
}
