package org.reliablemessaging.testservices;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class TestServiceConfigurationsTests {

    static Stream<Arguments> configurations() {
        return Stream.of(
                arguments(PostgresTestService.class, JdbcConnectionDetails.class),
                arguments(MariaDbTestService.class, JdbcConnectionDetails.class),
                arguments(H2TestService.class, JdbcConnectionDetails.class),
                arguments(KafkaTestService.class, KafkaConnectionDetails.class),
                arguments(RabbitTestService.class, RabbitConnectionDetails.class),
                arguments(RedisTestService.class, DataRedisConnectionDetails.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void eachConfigurationProvidesItsConnectionDetails(Class<?> configuration,
            Class<? extends ConnectionDetails> detailsType) {
        new ApplicationContextRunner().withUserConfiguration(configuration)
                .run(context -> assertThat(context).hasSingleBean(detailsType));
    }
}
