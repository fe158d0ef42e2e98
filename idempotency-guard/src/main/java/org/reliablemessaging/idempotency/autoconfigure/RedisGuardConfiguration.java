package org.reliablemessaging.idempotency.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.autoconfigure.ReliableListenerAutoConfiguration;
import org.reliablemessaging.idempotency.jdbc.JdbcEpochStore;
import org.reliablemessaging.idempotency.redis.EpochStore;
import org.reliablemessaging.idempotency.redis.RedissonIdempotencyGuard;
import org.reliablemessaging.jdbc.OutboxDialect;
import org.reliablemessaging.jdbc.OutboxSchemaInitializer;
import org.reliablemessaging.jdbc.OutboxTables;
import org.redisson.api.RedissonClient;
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
            ObjectProvider<DataSource> dataSource, ObjectProvider<OutboxDialect> dialect,
            ObjectProvider<OutboxTables> tables, ObjectProvider<OutboxSchemaInitializer> schema,
            ObjectProvider<Clock> clock) {
        Clock time = clock.getIfAvailable(Clock::systemUTC);
        String epochKey = RedissonIdempotencyGuard.epochKey(idempotency.getRedisKeyPrefix());
        return new RedissonIdempotencyGuard(redisson, idempotency.getRedisKeyPrefix(), idempotency.getProcessingLease(),
                idempotency.getRetention(), epochStore(dataSource, dialect, tables, schema, epochKey, time), time);
    }

    /** The database's row, so that a loss while no instance ran is noticed too; none without the outbox tables. */
    private static @Nullable EpochStore epochStore(ObjectProvider<DataSource> dataSource,
            ObjectProvider<OutboxDialect> dialect, ObjectProvider<OutboxTables> tables,
            ObjectProvider<OutboxSchemaInitializer> schema, String epochKey, Clock clock) {
        DataSource database = dataSource.getIfUnique();
        OutboxDialect sql = dialect.getIfUnique();
        OutboxTables names = tables.getIfUnique();
        if (database == null || sql == null || names == null) {
            return null;
        }
        schema.ifAvailable(initialized -> {
        });
        return new JdbcEpochStore(database, sql, names, epochKey, clock);
    }
}
