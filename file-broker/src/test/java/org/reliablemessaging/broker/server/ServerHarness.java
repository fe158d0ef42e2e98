package org.reliablemessaging.broker.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

import org.reliablemessaging.broker.BrokerConfig;
import org.reliablemessaging.broker.embedded.FileBroker;
import org.reliablemessaging.broker.client.ClientConfig;
import org.reliablemessaging.broker.client.RemoteBroker;
import org.reliablemessaging.broker.protocol.Frames;

/** A broker served on an ephemeral loopback port, and clients for it. */
final class ServerHarness implements AutoCloseable {

    final FileBroker broker;
    final BrokerServer server;

    private ServerHarness(FileBroker broker, BrokerServer server) {
        this.broker = broker;
        this.server = server;
    }

    /** A broker with small segments and 1 MiB records, served as {@code config} says. */
    static ServerHarness start(Path directory, ServerConfig config) throws IOException {
        FileBroker broker = FileBroker.open(BrokerConfig.defaults(directory).withSegmentBytes(4 * 1024 * 1024)
                .withDefaultPartitions(4).withSessionTimeout(config.sessionTimeout()));
        try {
            return new ServerHarness(broker, BrokerServer.start(broker, config));
        }
        catch (IOException | RuntimeException ex) {
            broker.close();
            throw ex;
        }
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
