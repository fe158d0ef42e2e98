package org.reliablemessaging.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * File broker transport settings ({@code reliable-messaging.file.*}): a broker embedded in the
 * application, or a connection to a broker server.
 */
public class FileTransportProperties {

    private static final String EMBEDDED = "reliable-messaging.file.embedded.";

    private static final String CLIENT = "reliable-messaging.file.client.";

    private static final Pattern LEGACY_INTERVAL = Pattern.compile("interval\\(\\s*(-?\\d+)\\s*ms\\)");

    /**
     * Whether the broker runs in this application (embedded) or is reached over TCP (client).
     */
    private Mode mode = Mode.EMBEDDED;

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

    @NestedConfigurationProperty
    private final EmbeddedFileBrokerProperties embedded = new EmbeddedFileBrokerProperties();

    private final Client client = new Client();

    public Mode getMode() {
        return this.mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
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

    public EmbeddedFileBrokerProperties getEmbedded() {
        return this.embedded;
    }

    public Client getClient() {
        return this.client;
    }

    /** Where the broker runs. */
    public enum Mode {
        /** In this application's JVM, on its own data directory. */
        EMBEDDED,
        /** In a broker server process, reached over TCP. */
        CLIENT
    }

    /** The broker server this application connects to in client mode. */
    public static class Client {

        /**
         * Broker server host.
         */
        private String host = "127.0.0.1";

        /**
         * Broker server port.
         */
        private int port = 7420;

        /**
         * Token the broker server requires.
         */
        private @Nullable String token;

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
    }

    // The flat names of 0.1.0, bound onto the groups above until they are removed.

    @Deprecated(since = "0.2.0")
    @DeprecatedConfigurationProperty(replacement = EMBEDDED + "directory", since = "0.2.0")
    public Path getDirectory() {
        return this.embedded.getDirectory();
    }

    @Deprecated(since = "0.2.0")
    public void setDirectory(Path directory) {
        this.embedded.setDirectory(directory);
    }

    @Deprecated(since = "0.2.0")
    @DeprecatedConfigurationProperty(replacement = EMBEDDED + "durability", since = "0.2.0",
            reason = "The durability is an enum now; interval(<millis>ms) is durability=interval with force-interval.")
    public String getDurability() {
        EmbeddedFileBrokerProperties.Durability durability = this.embedded.getDurability();
        return switch (durability) {
            case INTERVAL -> "interval(" + this.embedded.getForceInterval().toMillis() + "ms)";
            case SYNC, NONE -> durability.name().toLowerCase(Locale.ROOT);
        };
    }

    /** Accepts the forms of 0.1.0: sync, none, interval or {@code interval(<millis>ms)}. */
    @Deprecated(since = "0.2.0")
    public void setDurability(String durability) {
        String value = durability.strip().toLowerCase(Locale.ROOT);
        Matcher interval = LEGACY_INTERVAL.matcher(value);
        if (interval.matches()) {
            this.embedded.setDurability(EmbeddedFileBrokerProperties.Durability.INTERVAL);
            this.embedded.setForceInterval(Duration.ofMillis(Long.parseLong(interval.group(1))));
            return;
        }
        for (EmbeddedFileBrokerProperties.Durability candidate : EmbeddedFileBrokerProperties.Durability.values()) {
            if (candidate.name().equalsIgnoreCase(value)) {
                this.embedded.setDurability(candidate);
                return;
            }
        }
        throw new IllegalArgumentException("unknown durability '" + durability + "': use sync, none, interval or"
                + " interval(<millis>ms); or rather " + EMBEDDED + "durability=sync|interval|none and "
                + EMBEDDED + "force-interval");
    }

    @Deprecated(since = "0.2.0")
    @DeprecatedConfigurationProperty(replacement = EMBEDDED + "partitions", since = "0.2.0")
    public int getPartitions() {
        return this.embedded.getPartitions();
    }

    @Deprecated(since = "0.2.0")
    public void setPartitions(int partitions) {
        this.embedded.setPartitions(partitions);
    }

    @Deprecated(since = "0.2.0")
    @DeprecatedConfigurationProperty(replacement = EMBEDDED + "segment-size", since = "0.2.0")
    public DataSize getSegmentSize() {
        return this.embedded.getSegmentSize();
    }

    @Deprecated(since = "0.2.0")
    public void setSegmentSize(DataSize segmentSize) {
        this.embedded.setSegmentSize(segmentSize);
    }

    @Deprecated(since = "0.2.0")
    @DeprecatedConfigurationProperty(replacement = EMBEDDED + "max-record-size", since = "0.2.0")
    public DataSize getMaxRecordSize() {
        return this.embedded.getMaxRecordSize();
    }

    @Deprecated(since = "0.2.0")
    public void setMaxRecordSize(DataSize maxRecordSize) {
        this.embedded.setMaxRecordSize(maxRecordSize);
    }

    @Deprecated(since = "0.2.0")
    @DeprecatedConfigurationProperty(replacement = EMBEDDED + "retention", since = "0.2.0")
    public Duration getRetention() {
        return this.embedded.getRetention();
    }

    @Deprecated(since = "0.2.0")
    public void setRetention(Duration retention) {
        this.embedded.setRetention(retention);
    }

    @Deprecated(since = "0.2.0")
    @DeprecatedConfigurationProperty(replacement = EMBEDDED + "retention-size", since = "0.2.0")
    public @Nullable DataSize getRetentionSize() {
        return this.embedded.getRetentionSize();
    }

    @Deprecated(since = "0.2.0")
    public void setRetentionSize(@Nullable DataSize retentionSize) {
        this.embedded.setRetentionSize(retentionSize);
    }

    @Deprecated(since = "0.2.0")
    @DeprecatedConfigurationProperty(replacement = CLIENT + "host", since = "0.2.0")
    public String getHost() {
        return this.client.getHost();
    }

    @Deprecated(since = "0.2.0")
    public void setHost(String host) {
        this.client.setHost(host);
    }

    @Deprecated(since = "0.2.0")
    @DeprecatedConfigurationProperty(replacement = CLIENT + "port", since = "0.2.0")
    public int getPort() {
        return this.client.getPort();
    }

    @Deprecated(since = "0.2.0")
    public void setPort(int port) {
        this.client.setPort(port);
    }

    @Deprecated(since = "0.2.0")
    @DeprecatedConfigurationProperty(replacement = CLIENT + "token", since = "0.2.0",
            reason = "One token was both the client's and the embedded broker's server's; they are now "
                    + CLIENT + "token and " + EMBEDDED + "server.token.")
    public @Nullable String getToken() {
        return this.client.getToken();
    }

    /** Sets both tokens, as the one token of 0.1.0 did. */
    @Deprecated(since = "0.2.0")
    public void setToken(@Nullable String token) {
        this.client.setToken(token);
        this.embedded.getServer().setToken(token);
    }

    /** {@code server.*} of 0.1.0, deprecated in META-INF/additional-spring-configuration-metadata.json. */
    @Deprecated(since = "0.2.0")
    public EmbeddedFileBrokerProperties.Server getServer() {
        return this.embedded.getServer();
    }
}
