package org.reliablemessaging.idempotency.autoconfigure;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Redisson client of its own, only for an application that chose the Redis store and has Spring
 * Boot's Redis connection settings but no client.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ RedissonClient.class, DataRedisConnectionDetails.class })
@ConditionalOnProperty(name = "reliable-messaging.idempotency.store", havingValue = "redis")
@ConditionalOnBean(DataRedisConnectionDetails.class)
@ConditionalOnMissingBean(RedissonClient.class)
class RedissonClientConfiguration {

    @Bean(destroyMethod = "shutdown")
    RedissonClient redissonClient(DataRedisConnectionDetails connectionDetails) {
        return Redisson.create(RedissonConfigs.from(connectionDetails));
    }
}
