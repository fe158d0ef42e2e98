package org.reliablemessaging.testservices;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Redis for Spring tests: a {@link DataRedisConnectionDetails} bean for {@link TestBrokers#redis()},
 * shared by all contexts, which keep apart by key prefix (see {@link PostgresTestService} for why no
 * {@code @ServiceConnection} is used).
 */
@TestConfiguration(proxyBeanMethods = false)
public class RedisTestService {

    @Bean
    DataRedisConnectionDetails redisConnectionDetails() {
        RedisEndpoint redis = TestBrokers.redis();
        return new DataRedisConnectionDetails() {

            @Override
            public Standalone getStandalone() {
                return Standalone.of(redis.host(), redis.port());
            }
        };
    }
}
