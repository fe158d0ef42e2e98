package org.reliablemessaging.broker.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reliablemessaging.broker.TestBrokers.record;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.reliablemessaging.broker.BrokerClient;
import org.reliablemessaging.broker.BrokerUnavailableException;
import org.reliablemessaging.broker.RecordPosition;

/** What a test published to one partition, split into the records the broker acknowledged and those it refused. */
final class Acknowledgements {

    final List<String> acknowledged = new ArrayList<>();
    final List<String> refused = new ArrayList<>();
    final List<BrokerUnavailableException> refusals = new ArrayList<>();

    /** Publishes {@code values} without waiting in between, then records each outcome; other errors fail the test. */
    void publish(BrokerClient broker, String topic, List<String> values) {
        List<CompletableFuture<RecordPosition>> futures = new ArrayList<>();
        for (String value : values) {
            futures.add(broker.publish(topic, record("k", value)));
        }
        for (int i = 0; i < values.size(); i++) {
            (outcome(futures.get(i)) ? acknowledged : refused).add(values.get(i));
        }
    }

    /** Publishes {@code value} until the broker takes it, as a relay retrying a retryable error would. */
    void publishUntilAcknowledged(BrokerClient broker, String topic, String value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!outcome(broker.publish(topic, record("k", value)))) {
            assertThat(System.nanoTime()).as("the broker takes writes again within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        acknowledged.add(value);
    }

    private boolean outcome(CompletableFuture<RecordPosition> future) {
        try {
            future.join();
            return true;
        }
        catch (CompletionException ex) {
            assertThat(ex.getCause()).isInstanceOf(BrokerUnavailableException.class);
            refusals.add((BrokerUnavailableException) ex.getCause());
            return false;
        }
    }
}
