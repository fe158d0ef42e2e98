package org.reliablemessaging.testservices;

import java.util.List;

import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * RabbitMQ for Spring tests: a {@link RabbitConnectionDetails} bean for {@link TestBrokers#rabbit()},
 * shared by all contexts, which keep apart by exchange and queue name (see {@link PostgresTestService}
 * for why no {@code @ServiceConnection} is used).
 */
@TestConfiguration(proxyBeanMethods = false)
public class RabbitTestService {

    @Bean
    RabbitConnectionDetails rabbitConnectionDetails() {
        RabbitEndpoint rabbit = TestBrokers.rabbit();
        return new RabbitConnectionDetails() {

            @Override
            public String getUsername() {
                return rabbit.username();
            }

            @Override
            public String getPassword() {
                return rabbit.password();
            }

            @Override
            public String getVirtualHost() {
                return rabbit.virtualHost();
            }

            @Override
            public List<Address> getAddresses() {
                return List.of(new Address(rabbit.host(), rabbit.port()));
            }
        };
    }
}
