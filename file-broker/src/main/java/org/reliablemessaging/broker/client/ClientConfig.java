package org.reliablemessaging.broker.client;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Where a {@link RemoteBroker} connects and how long it waits; start from {@link #of(String, int)}.
 *
 * @param host the broker's host
 * @param port the broker's port
 * @param token the broker's token, or {@code null} when it has none
 * @param connectTimeout how long connecting and the handshake may take
 * @param requestTimeout how long a request may wait for its response (a poll: its wait plus this) before it
 *        fails as unavailable, which it does within 50 ms after that
 * @param maxInFlight requests sent and not yet answered; a call beyond it waits for a response
 * @param maxResponseBytes largest response frame accepted; a larger one drops the connection
 */
public record ClientConfig(String host, int port, @Nullable String token, Duration connectTimeout,
        Duration requestTimeout, int maxInFlight, int maxResponseBytes) {

    public ClientConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive, were connect " + connectTimeout
                    + " and request " + requestTimeout);
        }
        if (maxInFlight < 1 || maxResponseBytes < 1024) {
            throw new IllegalArgumentException("maxInFlight must be at least 1 and maxResponseBytes at least 1024, were "
                    + maxInFlight + " and " + maxResponseBytes);
        }
    }

    /** No token, 5 s to connect, 30 s per request, 1024 requests in flight, 256 MiB responses. */
    public static ClientConfig of(String host, int port) {
        return new ClientConfig(host, port, null, Duration.ofSeconds(5), Duration.ofSeconds(30), 1024, 256 * 1024 * 1024);
    }

    public ClientConfig withToken(@Nullable String token) {
        return new ClientConfig(host, port, token, connectTimeout, requestTimeout, maxInFlight, maxResponseBytes);
    }

    public ClientConfig withTimeouts(Duration connectTimeout, Duration requestTimeout) {
        return new ClientConfig(host, port, token, connectTimeout, requestTimeout, maxInFlight, maxResponseBytes);
    }

    public ClientConfig withMaxInFlight(int maxInFlight) {
        return new ClientConfig(host, port, token, connectTimeout, requestTimeout, maxInFlight, maxResponseBytes);
    }

    /** The token's presence, never its value, for logs. */
    @Override
    public String toString() {
        return "ClientConfig[" + host + ":" + port + ", token=" + (token != null ? "set" : "none") + ", connectTimeout="
                + connectTimeout + ", requestTimeout=" + requestTimeout + ", maxInFlight=" + maxInFlight
                + ", maxResponseBytes=" + maxResponseBytes + "]";
    }
}
