package org.reliablemessaging.testservices;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A server that {@link TestServiceMode#LOCAL} expects on this machine: on its usual port, or on the port
 * that {@code RM_TEST_<SERVER>_PORT} names, where {@code bin/test} started a private instance because
 * the machine's own did not answer.
 */
enum LocalServer {

    POSTGRESQL("PostgreSQL", 5432),
    MARIADB("MariaDB", 3306),
    RABBITMQ("RabbitMQ", 5672),
    REDIS("Redis", 6379);

    static final String HOST = "127.0.0.1";

    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final String product;

    private final int defaultPort;

    LocalServer(String product, int defaultPort) {
        this.product = product;
        this.defaultPort = defaultPort;
    }

    /** The environment variable that moves this server to another port: {@code RM_TEST_POSTGRESQL_PORT}, say. */
    String portVariable() {
        return "RM_TEST_" + name() + "_PORT";
    }

    /** The server's port, once something answers on it; a missing server fails here rather than deep in a client. */
    int requireRunning() {
        int port = port();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), CONNECT_TIMEOUT_MILLIS);
            return port;
        }
        catch (IOException ex) {
            throw new IllegalStateException(("%s at %s:%d did not answer; run the tests with bin/test, which starts a"
                    + " private one, start it, or unset %s to use Testcontainers")
                .formatted(product, HOST, port, TestServiceMode.VARIABLE), ex);
        }
    }

    private int port() {
        String value = System.getenv(portVariable());
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            return Integer.parseInt(value.strip());
        }
        catch (NumberFormatException ex) {
            throw new IllegalStateException("%s is '%s', not a port number".formatted(portVariable(), value), ex);
        }
    }
}
