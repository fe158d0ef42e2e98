package org.reliablemessaging.broker.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

import org.reliablemessaging.broker.BrokerClient;
import org.reliablemessaging.broker.client.ClientConfig;
import org.reliablemessaging.broker.client.RemoteBroker;
import org.reliablemessaging.broker.protocol.Frames;

/** A broker served on an ephemeral loopback port, and clients for it. */
final class ServerHarness implements AutoCloseable {

    final BrokerClient broker;
    final BrokerServer server;

    private ServerHarness(BrokerClient broker, BrokerServer server) {
        this.broker = broker;
        this.server = server;
    }

    static ServerHarness start(Path directory, ServerConfig config) throws IOException {
        BrokerClient broker = openBroker(directory);
        return new ServerHarness(broker, BrokerServer.start(broker, config));
    }

    static BrokerClient openBroker(Path directory) {
        return new InterimMemoryBroker();
    }

    ClientConfig clientConfig() {
        return ClientConfig.of("127.0.0.1", server.port()).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    RemoteBroker client() {
        return RemoteBroker.connect(clientConfig());
    }

    /** A raw socket, for speaking the protocol wrongly on purpose. */
    Socket rawSocket() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(5000);
        return socket;
    }

    /** Writes a handshake without a token on {@code socket} and returns the server's answer body. */
    static ByteBuffer handshake(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(Frames.encodeRequest(0, new org.reliablemessaging.broker.protocol.Request.Handshake(Frames.VERSION, null)));
        out.flush();
        return Frames.readFrame(new DataInputStream(socket.getInputStream()), 1 << 20);
    }

    @Override
    public void close() {
        server.close();
        broker.close();
    }
}
