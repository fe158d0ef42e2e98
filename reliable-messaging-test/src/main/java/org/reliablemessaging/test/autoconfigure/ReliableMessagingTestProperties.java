package org.reliablemessaging.test.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the test harness and of the in-memory transport. */
@ConfigurationProperties("reliable-messaging.test")
public class ReliableMessagingTestProperties {

    /** How long the harness's await methods wait for an expected message before failing the test. */
    private Duration timeout = Duration.ofSeconds(30);

    private final InMemory inMemory = new InMemory();

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public InMemory getInMemory() {
        return inMemory;
    }

    /** The in-memory transport of {@link AutoConfigureInMemoryTransport}. */
    public static class InMemory {

        /** Partitions of each topic; more than one, so that a test sees keys handled in parallel. */
        private int partitions = 4;

        public int getPartitions() {
            return partitions;
        }

        public void setPartitions(int partitions) {
            this.partitions = partitions;
        }
    }
}
