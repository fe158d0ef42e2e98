package org.reliablemessaging.testservices;

import java.util.List;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Kafka for Spring tests: a {@link KafkaConnectionDetails} bean for {@link TestBrokers#kafkaBootstrapServers()},
 * shared by all contexts, which keep apart by topic name (see {@link PostgresTestService} for why no
 * {@code @ServiceConnection} is used).
 */
@TestConfiguration(proxyBeanMethods = false)
public class KafkaTestService {

    @Bean
    KafkaConnectionDetails kafkaConnectionDetails() {
        List<String> bootstrapServers = List.of(TestBrokers.kafkaBootstrapServers());
        return () -> bootstrapServers;
    }
}
