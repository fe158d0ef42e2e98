package org.reliablemessaging.testservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TcpProxy}'s modes in front of a real echo server on loopback. */
class TcpProxyTests {

    private ServerSocket echoServer;

    private TcpProxy proxy;

    @BeforeEach
    void startEchoServerAndProxy() throws IOException {
        echoServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::echo);
        proxy = new TcpProxy("127.0.0.1", echoServer.getLocalPort());
        proxy.open();
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echoServer.close();
    }

    @Test
    void forwardsBothWays() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "hello")).isEqualTo("hello");
        }
    }

    @Test
    void cutDropsOpenConnectionsAndRefusesNewOnesUntilOpenedAgain() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "before")).isEqualTo("before");
            proxy.cut();
            assertThat(readOrEnd(socket)).isEqualTo(-1);
        }
        assertThat(connectionRefused()).as("a new connection while cut").isTrue();
        proxy.open();
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "after")).isEqualTo("after");
        }
    }

    @Test
    void holdLetsNoBytePassOnOpenConnectionsUntilReleased() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "before")).isEqualTo("before");
            proxy.hold();
            send(socket, "held");
            socket.setSoTimeout(1000);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            proxy.release();
            socket.setSoTimeout(10_000);
            assertThat(receive(socket, 4)).isEqualTo("held");
        }
    }

    @Test
    void holdAcceptsNewConnectionsButForwardsNothingUntilReleased() throws IOException {
        proxy.hold();
        try (Socket socket = connect()) {
            send(socket, "new");
            socket.setSoTimeout(1000);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            proxy.release();
            socket.setSoTimeout(10_000);
            assertThat(receive(socket, 3)).isEqualTo("new");
        }
    }

    @Test
    void holdBuffersABoundedAmountThenBlocksTheSenderAndLosesNothing() throws Exception {
        byte[] data = new byte[64 * 1024 * 1024];
        new Random(7).nextBytes(data);
        // Threads of their own: the common pool may have a single thread on a small machine.
        try (Socket socket = connect(); ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            proxy.hold();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(data);
                }
                catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
            }, threads);
            CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> {
                try {
                    return socket.getInputStream().readNBytes(data.length);
                }
                catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
            }, threads);
            // Unbounded buffering would take the 64 MiB at once; bounded, the sender waits for the release.
            Thread.sleep(2000);
            assertThat(sending).isNotDone();
            proxy.release();
            sending.get(1, TimeUnit.MINUTES);
            assertThat(echoed.get(1, TimeUnit.MINUTES)).isEqualTo(data);
        }
    }

    @Test
    void delayAddsTheLatencyEachWayAndKeepsTheBytesInOrder() throws IOException {
        try (Socket socket = connect()) {
            socket.setSoTimeout(10_000);
            proxy.delay(Duration.ofMillis(200));
            long start = System.nanoTime();
            assertThat(roundTrip(socket, "slow")).isEqualTo("slow");
            Duration roundTrip = Duration.ofNanos(System.nanoTime() - start);
            // A lower bound only: the bytes cannot come back before 200 ms there and 200 ms back.
            assertThat(roundTrip).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            StringBuilder sent = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                String piece = i + ",";
                sent.append(piece);
                send(socket, piece);
            }
            assertThat(receive(socket, sent.length())).isEqualTo(sent.toString());
            proxy.delay(Duration.ZERO);
            assertThat(roundTrip(socket, "fast")).isEqualTo("fast");
        }
    }

    private Socket connect() throws IOException {
        return new Socket("127.0.0.1", proxy.port());
    }

    /**
     * Whether nothing listens on the proxy's port. The port is an ephemeral one, so Linux may now and then give
     * the client that very port and connect it to itself (a TCP self-connect): that is no listener either.
     */
    private boolean connectionRefused() throws IOException {
        try (Socket socket = connect()) {
            return socket.getLocalPort() == socket.getPort();
        }
        catch (ConnectException ex) {
            return true;
        }
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        send(socket, text);
        return receive(socket, text.length());
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String receive(Socket socket, int length) throws IOException {
        return new String(socket.getInputStream().readNBytes(length), StandardCharsets.US_ASCII);
    }

    /** The next byte, or -1 once the connection ended; a reset counts as an end. */
    private static int readOrEnd(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        try {
            return socket.getInputStream().read();
        }
        catch (SocketException reset) {
            return -1;
        }
    }

    private void echo() {
        while (!echoServer.isClosed()) {
            try {
                Socket socket = echoServer.accept();
                Thread.ofVirtual().start(() -> {
                    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                        in.transferTo(out);
                    }
                    catch (IOException ex) {
                        // The proxy cut the connection: the echo of that one ends.
                    }
                });
            }
            catch (IOException ex) {
                // The server socket was closed after the test.
            }
        }
    }
}
