package org.reliablemessaging.broker.server;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.reliablemessaging.broker.embedded.FileBroker;
import org.reliablemessaging.broker.protocol.ErrorCode;
import org.reliablemessaging.broker.protocol.Frames;
import org.reliablemessaging.broker.protocol.RemoteError;

/**
 * Serves a broker to other processes over TCP.
 *
 * <p>Threads: one virtual thread accepts; each connection gets a virtual thread that reads its frames and
 * starts its requests, and one that writes its responses, as many at once as are ready; each blocking request
 * (a poll, a read, a join) runs on a virtual thread of its own. Virtual threads make threads per connection and
 * per long poll cheap, so blocking code stays simple and a slow client only ever holds up itself. One platform
 * thread checks the handshake and idle timeouts a few times per shortest timeout; group members get the
 * config's session timeout from the broker, which ends them when their client stops heartbeating.
 *
 * <p>Closing the server closes its connections (and their group members) but not the broker, which the
 * caller owns.
 */
public final class BrokerServer implements AutoCloseable {

    private static final Logger LOG = System.getLogger(BrokerServer.class.getName());

    private final FileBroker broker;
    private final ServerConfig config;
    private final ServerSocket serverSocket;
    private final Semaphore connectionSlots;
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService blockingExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("broker-server-timeouts").factory());
    private final Thread acceptor;

    private BrokerServer(FileBroker broker, ServerConfig config) throws IOException {
        this.broker = broker;
        this.config = config;
        this.connectionSlots = new Semaphore(config.maxConnections());
        this.serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(config.bindAddress(), config.port()), 128);
        long sweepMillis = Math.clamp(Math.min(config.handshakeTimeout().toMillis(), config.idleTimeout().toMillis()) / 4,
                10, 1000);
        timer.scheduleWithFixedDelay(this::checkTimeouts, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        this.acceptor = Thread.ofVirtual().name("broker-server-accept").start(this::acceptLoop);
    }

    /**
     * Binds and starts serving {@code broker}.
     *
     * @throws IOException when the address cannot be bound (the port is taken, the address is not local)
     */
    public static BrokerServer start(FileBroker broker, ServerConfig config) throws IOException {
        BrokerServer server = new BrokerServer(broker, config);
        LOG.log(Level.INFO, "broker server started: {0} port={1}", config, Integer.toString(server.port()));
        return server;
    }

    /** The port it listens on, the chosen one when the config asked for any. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** The connections being served now. */
    int openConnections() {
        return connections.size();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                socket.setTcpNoDelay(true);
                if (connectionSlots.tryAcquire()) {
                    Thread.ofVirtual().name("broker-conn-" + socket.getRemoteSocketAddress()).start(() -> serve(socket));
                }
                else {
                    refuse(socket);
                }
            }
            catch (SocketException ex) {
                if (!serverSocket.isClosed()) {
                    LOG.log(Level.ERROR, "accepting connections failed; the server stops accepting", ex);
                }
                return;
            }
            catch (IOException ex) {
                LOG.log(Level.WARNING, "accepting a connection failed; accepting the next", ex);
            }
        }
    }

    private void serve(Socket socket) {
        ServerConnection connection = null;
        try {
            connection = new ServerConnection(socket, config, broker, blockingExecutor);
            connections.add(connection);
            if (serverSocket.isClosed()) {
                connection.close("the server is closing");
            }
            connection.serve();
        }
        catch (IOException ex) {
            LOG.log(Level.WARNING, "setting up connection " + socket.getRemoteSocketAddress() + " failed", ex);
            closeQuietly(socket);
        }
        finally {
            // Also when serving ended by surprise: a connection left in the set would hold its slot forever.
            if (connection != null) {
                connections.remove(connection);
            }
            connectionSlots.release();
        }
    }

    /** Tells a connection over the limit why it is refused, then closes it. */
    private void refuse(Socket socket) throws IOException {
        LOG.log(Level.WARNING, "connection refused: peer={0} reason=limit of {1} connections reached",
                socket.getRemoteSocketAddress(), Integer.toString(config.maxConnections()));
        try (socket) {
            socket.getOutputStream().write(Frames.encodeError(0, new RemoteError(ErrorCode.BROKER_UNAVAILABLE,
                    "the broker serves its limit of " + config.maxConnections() + " connections; retry later")));
        }
    }

    private void checkTimeouts() {
        long now = System.nanoTime();
        for (ServerConnection connection : connections) {
            try {
                connection.checkTimeouts(now);
            }
            catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "checking timeouts of " + connection.peer() + " failed", ex);
            }
        }
    }

    /** Stops accepting, closes every connection and its group members; leaves the broker open. */
    @Override
    public void close() {
        closeQuietly(serverSocket);
        connections.forEach(connection -> connection.close("the server is closing"));
        timer.shutdownNow();
        blockingExecutor.shutdown();
        try {
            acceptor.join();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        LOG.log(Level.INFO, "broker server closed: port={0}", Integer.toString(port()));
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        }
        catch (Exception ex) {
            LOG.log(Level.DEBUG, "closing " + closeable + " failed", ex);
        }
    }
}
