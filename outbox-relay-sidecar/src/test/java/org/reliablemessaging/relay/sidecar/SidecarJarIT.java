package org.reliablemessaging.relay.sidecar;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.Message;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.relay.sidecar.SidecarKafkaTests.OrderPlaced;
import org.reliablemessaging.testservices.KafkaTopicReader;
import org.reliablemessaging.testservices.TestBrokers;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.reliablemessaging.testservices.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reliablemessaging.relay.sidecar.SidecarKafkaTests.application;
import static org.reliablemessaging.relay.sidecar.SidecarKafkaTests.inTransaction;
import static org.reliablemessaging.relay.sidecar.SidecarKafkaTests.kafkaSidecar;
import static org.reliablemessaging.relay.sidecar.SidecarKafkaTests.pending;

/**
 * The executable jar itself, not its classes on the test's class path: {@code java -jar} of the
 * repackaged {@code outbox-relay-sidecar-<version>-exec.jar} relays from PostgreSQL to Kafka.
 */
class SidecarJarIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final TestDatabase database = TestDatabases.postgres();

    @Test
    void theJarRelaysWhatAnApplicationCommits() {
        String topic = TestNames.unique("jar");
        application(database).run(app -> {
            ReliablePublisher publisher = app.getBean(ReliablePublisher.class);
            try (SidecarProcess sidecar = SidecarProcess.launch(topic, kafkaSidecar(database, "15s")).awaitUp()) {
                UUID id = inTransaction(app, () -> publisher.publish(Message.to(topic).key("sku-1")
                    .payload(new OrderPlaced("o-1", 2)).header("tenant", "acme")
                    // What a tracer writes into the headers when it observes the publish: the trace goes on.
                    .header("traceparent", TRACEPARENT)));

                List<ConsumerRecord<String, byte[]>> records = KafkaTopicReader.read(
                        TestBrokers.kafkaBootstrapServers(), topic, 1, PATIENCE);
                if (records.isEmpty()) {
                    throw sidecar.failure("relayed nothing to " + topic + " within " + PATIENCE);
                }
                assertThat(records).singleElement().satisfies(record -> {
                    assertThat(record.key()).isEqualTo("sku-1");
                    assertThat(new String(record.value())).isEqualTo("{\"orderId\":\"o-1\",\"quantity\":2}");
                    assertThat(KafkaTopicReader.header(record, ReliableHeaders.ID)).isEqualTo(id.toString());
                    assertThat(KafkaTopicReader.header(record, ReliableHeaders.TYPE)).isEqualTo("order-placed");
                    assertThat(KafkaTopicReader.header(record, ReliableHeaders.KEY)).isEqualTo("sku-1");
                    assertThat(KafkaTopicReader.header(record, ReliableHeaders.SEQUENCE)).isEqualTo("1");
                    assertThat(KafkaTopicReader.header(record, ReliableHeaders.PUBLISHED_AT)).isNotBlank();
                    assertThat(KafkaTopicReader.header(record, "tenant")).isEqualTo("acme");
                    assertThat(KafkaTopicReader.header(record, "traceparent")).isEqualTo(TRACEPARENT);
                });
                sidecar.awaitUntil("done with the outbox", PATIENCE, () -> pending(app) == 0);
            }
        });
    }
}
