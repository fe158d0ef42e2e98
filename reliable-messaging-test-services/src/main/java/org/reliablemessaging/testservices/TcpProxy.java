package org.reliablemessaging.testservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * A loopback TCP forwarder in front of a real broker, which a test opens and cuts to make the
 * broker unreachable and reachable again without touching the broker itself.
 */
public final class TcpProxy implements AutoCloseable {

    private final int port;

    private final String targetHost;

    private final int targetPort;

    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

    private @Nullable ServerSocket server;

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
        Thread.ofVirtual().name("tcp-proxy-" + port).start(() -> accept(accepting));
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
        }
        for (Socket socket : connections) {
            socket.close();
        }
        connections.clear();
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private void accept(ServerSocket accepting) {
        while (!accepting.isClosed()) {
            try {
                Socket client = accepting.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                connections.add(client);
                connections.add(upstream);
                Thread.ofVirtual().start(() -> pipe(client, upstream));
                Thread.ofVirtual().start(() -> pipe(upstream, client));
            }
            catch (IOException ex) {
                // Closed by cut(), or the target refused: the client sees a dropped connection.
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        }
        catch (IOException ex) {
            // One side went away; closing both below is the whole handling.
        }
        finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ex) {
            // Already closed by the other direction.
        }
    }
}
