package org.reliablemessaging.relay.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.reliablemessaging.autoconfigure.KafkaTransportAutoConfiguration;
import org.reliablemessaging.testservices.KafkaTestService;
import org.reliablemessaging.testservices.TestBrokers;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/** Foreign records written with a plain {@link KafkaProducer}: byte keys, byte headers. */
class KafkaBadInputEndToEndTests extends BadInputEndToEndTests {

    private final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBrokers.kafkaBootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * HUGE),
            new ByteArraySerializer(), new ByteArraySerializer());

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    @Override
    ApplicationContextRunner withTransport(ApplicationContextRunner runner) {
        return runner
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, KafkaTransportAutoConfiguration.class))
            .withUserConfiguration(KafkaTestService.class)
            .withPropertyValues("reliable-messaging.transport=kafka");
    }

    @Override
    void inject(ApplicationContext context, byte @Nullable [] key, Map<String, byte[]> headers, byte[] payload)
            throws Exception {
        List<Header> recordHeaders = new ArrayList<>();
        headers.forEach((name, value) -> recordHeaders.add(new RecordHeader(name, value)));
        producer.send(new ProducerRecord<>(topic, null, key, payload, recordHeaders)).get();
    }
}
