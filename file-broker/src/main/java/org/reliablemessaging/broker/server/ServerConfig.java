package org.reliablemessaging.broker.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How a {@link BrokerServer} listens and what it allows each connection; start from {@link #defaults()}.
 *
 * @param bindAddress the address to listen on; anything but loopback needs a token
 * @param port the port, 0 for any free one
 * @param token the secret clients must present in their handshake, or {@code null} for none
 * @param maxFrameBytes largest request frame accepted; a larger one closes its connection
 * @param maxConnections connections served at once; more are refused
 * @param maxInFlightPerConnection requests of one connection handled at once; the connection is not read
 *        further until one completes, which pushes back on the client through TCP
 * @param handshakeTimeout how long a new connection may take to complete its handshake
 * @param idleTimeout how long a connection with nothing in flight may send nothing before it is closed
 * @param sessionTimeout how long a group member of a connection may go without a request before it is closed
 */
public record ServerConfig(InetAddress bindAddress, int port, @Nullable String token, int maxFrameBytes,
        int maxConnections, int maxInFlightPerConnection, Duration handshakeTimeout, Duration idleTimeout,
        Duration sessionTimeout) {

    public ServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (token != null && token.isEmpty()) {
            throw new IllegalArgumentException("the token must not be empty; leave it unset for no token");
        }
        if (token == null && !bindAddress.isLoopbackAddress()) {
            throw new IllegalArgumentException("binding " + bindAddress.getHostAddress()
                    + " serves the broker beyond this machine, which needs a token: set one or bind 127.0.0.1");
        }
        if (maxFrameBytes < 1024 || maxConnections < 1 || maxInFlightPerConnection < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1024, maxConnections and"
                    + " maxInFlightPerConnection at least 1; were " + maxFrameBytes + ", " + maxConnections + ", "
                    + maxInFlightPerConnection);
        }
        for (Duration timeout : new Duration[] {handshakeTimeout, idleTimeout, sessionTimeout}) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive, were handshake " + handshakeTimeout
                        + ", idle " + idleTimeout + ", session " + sessionTimeout);
            }
        }
    }

    /**
     * Loopback, a free port, no token, 16 MiB frames, 256 connections of 1024 requests in flight, 10 s to
     * handshake, 10 min idle, 10 s member sessions.
     */
    public static ServerConfig defaults() {
        return new ServerConfig(InetAddress.getLoopbackAddress(), 0, null, 16 * 1024 * 1024, 256, 1024,
                Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(10));
    }

    public ServerConfig withAddress(InetAddress bindAddress, int port) {
        return new ServerConfig(bindAddress, port, token, maxFrameBytes, maxConnections, maxInFlightPerConnection,
                handshakeTimeout, idleTimeout, sessionTimeout);
    }

    public ServerConfig withToken(@Nullable String token) {
        return new ServerConfig(bindAddress, port, token, maxFrameBytes, maxConnections, maxInFlightPerConnection,
                handshakeTimeout, idleTimeout, sessionTimeout);
    }

    public ServerConfig withLimits(int maxFrameBytes, int maxConnections, int maxInFlightPerConnection) {
        return new ServerConfig(bindAddress, port, token, maxFrameBytes, maxConnections, maxInFlightPerConnection,
                handshakeTimeout, idleTimeout, sessionTimeout);
    }

    public ServerConfig withTimeouts(Duration handshakeTimeout, Duration idleTimeout, Duration sessionTimeout) {
        return new ServerConfig(bindAddress, port, token, maxFrameBytes, maxConnections, maxInFlightPerConnection,
                handshakeTimeout, idleTimeout, sessionTimeout);
    }

    /** The token's presence, never its value, for logs. */
    @Override
    public String toString() {
        return "ServerConfig[bind=" + bindAddress.getHostAddress() + ":" + port + ", token=" + (token != null ? "set" : "none")
                + ", maxFrameBytes=" + maxFrameBytes + ", maxConnections=" + maxConnections + ", maxInFlightPerConnection="
                + maxInFlightPerConnection + ", handshakeTimeout=" + handshakeTimeout + ", idleTimeout=" + idleTimeout
                + ", sessionTimeout=" + sessionTimeout + "]";
    }
}
