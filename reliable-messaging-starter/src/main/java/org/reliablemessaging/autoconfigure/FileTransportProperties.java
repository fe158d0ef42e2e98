package org.reliablemessaging.autoconfigure;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * File broker transport settings ({@code reliable-messaging.file.*}): a broker embedded in the
 * application, or a connection to a broker server.
 */
public class FileTransportProperties {

    /**
     * Whether the broker runs in this application (embedded) or is reached over TCP (client).
     */
    private Mode mode = Mode.EMBEDDED;

    /**
     * Data directory of the embedded broker; one broker owns it at a time.
     */
    private Path directory = Path.of("data", "file-broker");

    /**
     * When the embedded broker acknowledges a write: sync (after forcing it to disk), interval(<millis>ms)
     * (after writing; forced periodically) or none (after writing).
     */
    private String durability = "sync";

    /**
     * Partitions of the topics the embedded broker creates.
     */
    private int partitions = 8;

    /**
     * Size of each log segment file of the embedded broker.
     */
    private DataSize segmentSize = DataSize.ofMegabytes(64);

    /**
     * Largest record the embedded broker accepts (key, headers and payload).
     */
    private DataSize maxRecordSize = DataSize.ofMegabytes(1);

    /**
     * How long the embedded broker keeps records; whole segments older than this are deleted.
     */
    private Duration retention = Duration.ofDays(7);

    /**
     * Most disk the embedded broker's log may take before its oldest segments are deleted; unset for no limit.
     */
    private @Nullable DataSize retentionSize;

    /**
     * Broker server host, in client mode.
     */
    private String host = "127.0.0.1";

    /**
     * Broker server port, in client mode.
     */
    private int port = 7420;

    /**
     * Token the broker server requires, in client mode; also the token of the embedded broker's server.
     */
    private @Nullable String token;

    private final Server server = new Server();

    /**
     * Longest time to wait for the broker to acknowledge a batch before its unacknowledged messages
     * count as failed and are retried.
     */
    private Duration sendTimeout = Duration.ofSeconds(30);

    /**
     * Longest wait, when the broker moves partitions away from a listener, for their messages in
     * flight to be acknowledged and committed; the rest are redelivered to the next owner.
     */
    private Duration revocationTimeout = Duration.ofSeconds(10);

    public Mode getMode() {
        return this.mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public Path getDirectory() {
        return this.directory;
    }

    public void setDirectory(Path directory) {
        this.directory = directory;
    }

    public String getDurability() {
        return this.durability;
    }

    public void setDurability(String durability) {
        this.durability = durability;
    }

    public int getPartitions() {
        return this.partitions;
    }

    public void setPartitions(int partitions) {
        this.partitions = partitions;
    }

    public DataSize getSegmentSize() {
        return this.segmentSize;
    }

    public void setSegmentSize(DataSize segmentSize) {
        this.segmentSize = segmentSize;
    }

    public DataSize getMaxRecordSize() {
        return this.maxRecordSize;
    }

    public void setMaxRecordSize(DataSize maxRecordSize) {
        this.maxRecordSize = maxRecordSize;
    }

    public Duration getRetention() {
        return this.retention;
    }

    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    public @Nullable DataSize getRetentionSize() {
        return this.retentionSize;
    }

    public void setRetentionSize(@Nullable DataSize retentionSize) {
        this.retentionSize = retentionSize;
    }

    public String getHost() {
        return this.host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return this.port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public @Nullable String getToken() {
        return this.token;
    }

    public void setToken(@Nullable String token) {
        this.token = token;
    }

    public Server getServer() {
        return this.server;
    }

    public Duration getSendTimeout() {
        return this.sendTimeout;
    }

    public void setSendTimeout(Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    public Duration getRevocationTimeout() {
        return this.revocationTimeout;
    }

    public void setRevocationTimeout(Duration revocationTimeout) {
        this.revocationTimeout = revocationTimeout;
    }

    /** The embedded broker's server, through which other processes on this host (or beyond, with a token) use it. */
    public static class Server {

        /**
         * Whether the embedded broker also serves other processes over TCP.
         */
        private boolean enabled;

        /**
         * Address the server binds; anything but loopback requires a token.
         */
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();

        /**
         * Port the server listens on; 0 for any free one.
         */
        private int port = 7420;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public InetAddress getBindAddress() {
            return this.bindAddress;
        }

        public void setBindAddress(InetAddress bindAddress) {
            this.bindAddress = bindAddress;
        }

        public int getPort() {
            return this.port;
        }

        public void setPort(int port) {
            this.port = port;
        }
    }

    /** Where the broker runs. */
    public enum Mode {
        /** In this application's JVM, on its own data directory. */
        EMBEDDED,
        /** In a broker server process, reached over TCP. */
        CLIENT
    }
}
