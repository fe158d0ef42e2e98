package org.reliablemessaging.broker.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.broker.BrokerException;
import org.reliablemessaging.broker.BrokerUnavailableException;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.RecordTooLargeException;
import org.reliablemessaging.broker.client.RemoteBroker;
import org.reliablemessaging.broker.protocol.ErrorCode;
import org.reliablemessaging.broker.protocol.Frames;
import org.reliablemessaging.broker.protocol.Request;
import org.reliablemessaging.broker.protocol.WireOutput;

/** The server's defences: tokens, bind addresses, frame sizes, handshake deadlines, connection limits. */
class ServerLimitsTests {

    @TempDir
    Path dir;

    @Test
    void aWrongOrMissingTokenIsRefusedAndTheRightOneAccepted() throws IOException {
        try (ServerHarness harness = ServerHarness.start(dir, ServerConfig.defaults().withToken("s3cret"))) {
            assertThatThrownBy(() -> RemoteBroker.connect(harness.clientConfig().withToken("guess")))
                    .isExactlyInstanceOf(BrokerException.class).hasMessageContaining("wrong token")
                    .satisfies(ex -> assertThat(((BrokerException) ex).isRetryable()).isFalse());
            assertThatThrownBy(harness::client).isExactlyInstanceOf(BrokerException.class).hasMessageContaining("no token");
            try (RemoteBroker client = RemoteBroker.connect(harness.clientConfig().withToken("s3cret"))) {
                assertThat(client.createTopic("t", 2).partitions()).isEqualTo(2);
            }
        }
    }

    @Test
    void aNonLoopbackBindNeedsAToken() throws IOException {
        InetAddress any = InetAddress.getByName("0.0.0.0");
        assertThatThrownBy(() -> ServerConfig.defaults().withAddress(any, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a token");
        assertThat(ServerConfig.defaults().withToken("t").withAddress(any, 0).bindAddress()).isEqualTo(any);
    }

    @Test
    void anOversizedFrameClosesOnlyItsConnection() throws IOException {
        try (ServerHarness harness = ServerHarness.start(dir, ServerConfig.defaults().withLimits(4096, 16, 64));
                RemoteBroker bystander = harness.client();
                Socket attacker = harness.rawSocket()) {
            assertThat(ServerHarness.handshake(attacker)).isNotNull();
            attacker.getOutputStream().write(ByteBuffer.allocate(4).putInt(1 << 30).array());
            assertThat(errorThenEnd(attacker)).isEqualTo(ErrorCode.MALFORMED_FRAME.code());

            assertThat(bystander.publish("t", NewRecord.of("k", new byte[10])).join().offset()).isZero();
            assertThatThrownBy(() -> bystander.publish("t", NewRecord.of("k", new byte[8000])).join())
                    .as("the client does not send what the server would refuse").hasCauseInstanceOf(RecordTooLargeException.class);
            assertThat(bystander.publish("t", NewRecord.of("k", new byte[10])).join().offset()).isEqualTo(1);
        }
    }

    @Test
    void aFrameThatBreaksTheProtocolClosesItsConnection() throws IOException {
        try (ServerHarness harness = ServerHarness.start(dir, ServerConfig.defaults());
                Socket garbage = harness.rawSocket();
                Socket noHandshake = harness.rawSocket()) {
            ServerHarness.handshake(garbage);
            garbage.getOutputStream().write(new WireOutput().writeByte(99).writeInt(1).toFrame());
            assertThat(errorThenEnd(garbage)).isEqualTo(ErrorCode.MALFORMED_FRAME.code());

            noHandshake.getOutputStream().write(Frames.encodeRequest(1, new Request.DescribeTopic("t")));
            assertThat(errorThenEnd(noHandshake)).isEqualTo(ErrorCode.MALFORMED_FRAME.code());
        }
    }

    @Test
    void anotherProtocolVersionIsRefused() throws IOException {
        try (ServerHarness harness = ServerHarness.start(dir, ServerConfig.defaults());
                Socket socket = harness.rawSocket()) {
            socket.getOutputStream().write(Frames.encodeRequest(0, new Request.Handshake(Frames.VERSION + 1, null)));
            assertThat(errorThenEnd(socket)).isEqualTo(ErrorCode.UNSUPPORTED_VERSION.code());
        }
    }

    @Test
    void aConnectionThatDoesNotHandshakeInTimeIsClosed() throws IOException {
        ServerConfig config = ServerConfig.defaults().withTimeouts(Duration.ofMillis(300), Duration.ofMinutes(1), Duration.ofSeconds(10));
        try (ServerHarness harness = ServerHarness.start(dir, config);
                Socket silent = harness.rawSocket();
                Socket trickling = harness.rawSocket()) {
            long start = System.nanoTime();
            trickling.getOutputStream().write(new byte[] {0, 0});
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
            assertThat(trickling.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
        }
    }

    @Test
    void connectionsBeyondTheLimitAreRefusedUntilOneCloses() throws Exception {
        try (ServerHarness harness = ServerHarness.start(dir, ServerConfig.defaults().withLimits(1 << 20, 2, 64));
                RemoteBroker first = harness.client()) {
            RemoteBroker second = harness.client();
            assertThatThrownBy(harness::client).isInstanceOf(BrokerUnavailableException.class)
                    .hasMessageContaining("limit of 2 connections");
            second.close();
            RemoteBroker third = connectWithin(harness, Duration.ofSeconds(5));
            assertThat(third.describeTopic("none")).isEmpty();
            third.close();
            assertThat(first.describeTopic("none")).isEmpty();
        }
    }

    private static RemoteBroker connectWithin(ServerHarness harness, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return harness.client();
            }
            catch (BrokerUnavailableException ex) {
                if (System.nanoTime() > deadline) {
                    throw ex;
                }
                Thread.sleep(20);
            }
        }
    }

    /** Reads the error frame the server sends before closing, and checks the stream then ends. */
    private static int errorThenEnd(Socket socket) throws IOException {
        InputStream in = new DataInputStream(socket.getInputStream());
        ByteBuffer body = Frames.readFrame(in, 1 << 20);
        assertThat(body).as("an error frame").isNotNull();
        int status = Frames.decodeResponse(body, new Request.LeaveGroup(0)).error().code().code();
        assertThat(in.read()).as("the server closed the connection").isEqualTo(-1);
        return status;
    }

}
