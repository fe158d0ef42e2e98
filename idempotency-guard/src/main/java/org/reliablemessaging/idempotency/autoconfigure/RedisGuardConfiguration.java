package org.reliablemessaging.idempotency.autoconfigure;

import java.time.Clock;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RedissonClient;
import org.reliablemessaging.autoconfigure.ReliableListenerAutoConfiguration;
import org.reliablemessaging.idempotency.EpochStore;
import org.reliablemessaging.idempotency.jdbc.JdbcEpochStore;
import org.reliablemessaging.idempotency.redis.RedissonIdempotencyGuard;
import org.reliablemessaging.jdbc.OutboxDatabase;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Redis guard, on the application's Redisson client or the one {@link RedissonClientConfiguration}
 * made, with its epoch kept in the outbox's database too when there is one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RedissonClient.class)
@ConditionalOnSingleCandidate(RedissonClient.class)
class RedisGuardConfiguration {

    @Bean(ReliableListenerAutoConfiguration.REDIS_GUARD_BEAN_NAME)
    @ConditionalOnMissingBean(name = ReliableListenerAutoConfiguration.REDIS_GUARD_BEAN_NAME)
    RedissonIdempotencyGuard redisIdempotencyGuard(RedissonClient redisson, IdempotencyProperties idempotency,
            ObjectProvider<OutboxDatabase> database, ObjectProvider<Clock> clock) {
        Clock time = clock.getIfAvailable(Clock::systemUTC);
        String epochKey = RedissonIdempotencyGuard.epochKey(idempotency.getRedisKeyPrefix());
        // The database's row, so that a loss while no instance ran is noticed too; none without the outbox tables.
        OutboxDatabase outbox = database.getIfUnique();
        @Nullable EpochStore epochStore = outbox == null ? null : new JdbcEpochStore(outbox, epochKey, time);
        return new RedissonIdempotencyGuard(redisson, idempotency.getRedisKeyPrefix(), idempotency.getProcessingLease(),
                idempotency.getRetention(), epochStore, time);
    }
}
