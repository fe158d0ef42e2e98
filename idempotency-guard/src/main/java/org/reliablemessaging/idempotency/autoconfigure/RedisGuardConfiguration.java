package org.reliablemessaging.idempotency.autoconfigure;

import org.reliablemessaging.autoconfigure.ReliableMessagingProperties;
import org.reliablemessaging.idempotency.redis.RedissonIdempotencyGuard;
import org.reliablemessaging.spi.IdempotencyGuard;
import org.redisson.api.RedissonClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Redis guard, on the application's Redisson client or the one {@link RedissonClientConfiguration} made.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RedissonClient.class)
@ConditionalOnSingleCandidate(RedissonClient.class)
class RedisGuardConfiguration {

    @Bean(IdempotencyGuard.REDIS_BEAN_NAME)
    @ConditionalOnMissingBean(name = IdempotencyGuard.REDIS_BEAN_NAME)
    RedissonIdempotencyGuard redisIdempotencyGuard(RedissonClient redisson, ReliableMessagingProperties properties) {
        ReliableMessagingProperties.Idempotency idempotency = properties.getIdempotency();
        return new RedissonIdempotencyGuard(redisson, idempotency.getRedisKeyPrefix(), idempotency.getProcessingLease(),
                idempotency.getRetention());
    }
}
