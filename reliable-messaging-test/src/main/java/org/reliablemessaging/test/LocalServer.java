package org.reliablemessaging.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A server that {@link TestServiceMode#LOCAL} expects to be running on this machine.
 */
enum LocalServer {

    POSTGRESQL("PostgreSQL", 5432),
    MARIADB("MariaDB", 3306),
    RABBITMQ("RabbitMQ", 5672),
    REDIS("Redis", 6379);

    static final String HOST = "127.0.0.1";

    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final String product;

    private final int port;

    LocalServer(String product, int port) {
        this.product = product;
        this.port = port;
    }

    /** The server's port, once something answers on it; a missing server fails here rather than deep in a client. */
    int requireRunning() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), CONNECT_TIMEOUT_MILLIS);
            return port;
        }
        catch (IOException ex) {
            throw new IllegalStateException("%s at %s:%d did not answer; start it or unset %s to use Testcontainers"
                    .formatted(product, HOST, port, TestServiceMode.VARIABLE), ex);
        }
    }
}
