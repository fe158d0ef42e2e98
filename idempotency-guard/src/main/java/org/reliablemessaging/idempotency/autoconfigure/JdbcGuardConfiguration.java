package org.reliablemessaging.idempotency.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import org.reliablemessaging.autoconfigure.ReliableListenerAutoConfiguration;
import org.reliablemessaging.idempotency.jdbc.JdbcIdempotencyGuard;
import org.reliablemessaging.idempotency.jdbc.ProcessedMessages;
import org.reliablemessaging.jdbc.OutboxDatabase;
import org.reliablemessaging.jdbc.RetentionCleaner;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The JDBC guard and the cleaner of its table, next to the outbox tables and a transaction manager.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(OutboxDatabase.class)
@ConditionalOnSingleCandidate(PlatformTransactionManager.class)
class JdbcGuardConfiguration {

    private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(5);

    private static final int CLEANUP_BATCH_SIZE = 500;

    @Bean(ReliableListenerAutoConfiguration.DATABASE_GUARD_BEAN_NAME)
    @ConditionalOnMissingBean(name = ReliableListenerAutoConfiguration.DATABASE_GUARD_BEAN_NAME)
    JdbcIdempotencyGuard jdbcIdempotencyGuard(OutboxDatabase database, PlatformTransactionManager transactionManager,
            ObjectProvider<Clock> clock, IdempotencyProperties properties) {
        return new JdbcIdempotencyGuard(database, transactionManager, clock.getIfAvailable(Clock::systemUTC),
                properties.getBatch().toSettings());
    }

    @Bean
    @ConditionalOnMissingBean(name = "processedMessageCleaner")
    RetentionCleaner processedMessageCleaner(OutboxDatabase database, IdempotencyProperties properties,
            ObjectProvider<Clock> clock) {
        Duration retention = properties.getRetention();
        if (!retention.isPositive()) {
            throw new IllegalArgumentException("reliable-messaging.idempotency.retention must be positive, but was "
                    + retention + ": a guard that keeps nothing would let every redelivery through");
        }
        return new RetentionCleaner(database, ProcessedMessages.expiring(database.tables()), retention,
                CLEANUP_INTERVAL, CLEANUP_BATCH_SIZE, clock.getIfAvailable(Clock::systemUTC));
    }
}
