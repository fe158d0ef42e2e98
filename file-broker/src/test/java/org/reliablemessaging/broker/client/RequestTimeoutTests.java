package org.reliablemessaging.broker.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.broker.BrokerUnavailableException;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.RecordPosition;
import org.reliablemessaging.broker.protocol.Frames;
import org.reliablemessaging.broker.protocol.HandshakeAccepted;
import org.reliablemessaging.broker.protocol.Request;

/** A {@link RemoteBroker} against a server that accepts the handshake and then never answers. */
class RequestTimeoutTests {

    @Test
    void anUnansweredRequestFailsAsUnavailableAfterItsTimeoutAndFreesItsSlot() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> acceptHandshakeThenListen(silent));
            ClientConfig config = ClientConfig.of("127.0.0.1", silent.getLocalPort())
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300)).withMaxInFlight(1);
            try (RemoteBroker client = RemoteBroker.connect(config)) {
                long start = System.nanoTime();
                CompletableFuture<RecordPosition> first = client.publish("t", NewRecord.of("k", new byte[1]));
                assertThat(first).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                        .havingCause().isInstanceOf(BrokerUnavailableException.class)
                        .withMessageContaining("no response from the broker").withMessageContaining("within PT0.3S");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

                // the only in-flight slot is free again, so the next request is sent (and times out too)
                assertThat(client.publish("t", NewRecord.of("k", new byte[1]))).failsWithin(Duration.ofSeconds(10));
            }
            server.interrupt();
        }
    }

    private static void acceptHandshakeThenListen(ServerSocket silent) {
        try (Socket socket = silent.accept()) {
            InputStream in = socket.getInputStream();
            ByteBuffer body = Frames.readFrame(in, 8192);
            Frames.RequestFrame handshake = Frames.decodeRequest(body);
            socket.getOutputStream().write(Frames.encodeResponse(handshake.correlationId(),
                    (Request.Handshake) handshake.request(), new HandshakeAccepted(Frames.VERSION, 10_000, 1 << 20)));
            while (Frames.readFrame(in, 1 << 20) != null) {
                // read and ignore every request
            }
        }
        catch (IOException ex) {
            // the client closed the connection
        }
    }
}
