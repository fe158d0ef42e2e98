package org.reliablemessaging.autoconfigure;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * The file broker embedded in the application ({@code reliable-messaging.file.embedded.*}), and its
 * optional server for other processes.
 */
public class EmbeddedFileBrokerProperties {

    /**
     * Data directory of the broker; one broker owns it at a time.
     */
    private Path directory = Path.of("data", "file-broker");

    /**
     * When the broker acknowledges a write, relative to forcing it to disk.
     */
    private Durability durability = Durability.SYNC;

    /**
     * How often the log is forced to disk with durability=interval.
     */
    private Duration forceInterval = Duration.ofMillis(100);

    /**
     * Partitions of the topics the broker creates.
     */
    private int partitions = 8;

    /**
     * Size of each log segment file.
     */
    private DataSize segmentSize = DataSize.ofMegabytes(64);

    /**
     * Largest record the broker accepts (key, headers and payload).
     */
    private DataSize maxRecordSize = DataSize.ofMegabytes(1);

    /**
     * How long the broker keeps records; whole segments older than this are deleted.
     */
    private Duration retention = Duration.ofDays(7);

    /**
     * Most disk the log may take before its oldest segments are deleted; unset for no limit.
     */
    private @Nullable DataSize retentionSize;

    private final Server server = new Server();

    public Path getDirectory() {
        return this.directory;
    }

    public void setDirectory(Path directory) {
        this.directory = directory;
    }

    public Durability getDurability() {
        return this.durability;
    }

    public void setDurability(Durability durability) {
        this.durability = durability;
    }

    public Duration getForceInterval() {
        return this.forceInterval;
    }

    public void setForceInterval(Duration forceInterval) {
        this.forceInterval = forceInterval;
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

    public Server getServer() {
        return this.server;
    }

    /** When the broker acknowledges a publish or a commit. */
    public enum Durability {
        /** After the write is forced to disk: nothing acknowledged is lost on a crash. */
        SYNC,
        /** After the write, forced every force-interval: a machine crash loses up to that much. */
        INTERVAL,
        /** After the write, forcing left to the operating system: a machine crash may lose writes. */
        NONE
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

        /**
         * Token clients must present; required when bound to anything but loopback.
         */
        private @Nullable String token;

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

        public @Nullable String getToken() {
            return this.token;
        }

        public void setToken(@Nullable String token) {
            this.token = token;
        }
    }
}
