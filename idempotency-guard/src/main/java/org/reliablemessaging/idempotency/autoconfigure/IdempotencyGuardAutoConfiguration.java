package org.reliablemessaging.idempotency.autoconfigure;

import org.reliablemessaging.autoconfigure.ReliableListenerAutoConfiguration;
import org.reliablemessaging.autoconfigure.ReliableMessagingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the idempotency guards: each is offered, under the names in
 * {@link ReliableListenerAutoConfiguration#DATABASE_GUARD_BEAN_NAME} and
 * {@link ReliableListenerAutoConfiguration#REDIS_GUARD_BEAN_NAME}, when what it needs is there, and
 * {@code reliable-messaging.idempotency.store} tells listeners which one to use.
 */
@AutoConfiguration(after = ReliableMessagingAutoConfiguration.class,
        afterName = { "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
                "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
                "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
                "org.redisson.spring.starter.RedissonAutoConfigurationV2" })
@EnableConfigurationProperties(IdempotencyProperties.class)
// In this order: the Redis guard's condition must see the client that RedissonClientConfiguration may define.
@Import({ JdbcGuardConfiguration.class, RedissonClientConfiguration.class, RedisGuardConfiguration.class })
public final class IdempotencyGuardAutoConfiguration {
}
