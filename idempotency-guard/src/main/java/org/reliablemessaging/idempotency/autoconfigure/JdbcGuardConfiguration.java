package org.reliablemessaging.idempotency.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.reliablemessaging.autoconfigure.ReliableListenerAutoConfiguration;
import org.reliablemessaging.idempotency.jdbc.JdbcIdempotencyGuard;
import org.reliablemessaging.jdbc.OutboxDialect;
import org.reliablemessaging.jdbc.OutboxSchemaInitializer;
import org.reliablemessaging.jdbc.OutboxTables;
import org.reliablemessaging.jdbc.RetentionCleaner;
import org.reliablemessaging.jdbc.RetentionCleaner.Rows;
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
@ConditionalOnBean({ DataSource.class, OutboxTables.class, OutboxDialect.class })
@ConditionalOnSingleCandidate(PlatformTransactionManager.class)
class JdbcGuardConfiguration {

    private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(5);

    private static final int CLEANUP_BATCH_SIZE = 500;

    @Bean(ReliableListenerAutoConfiguration.DATABASE_GUARD_BEAN_NAME)
    @ConditionalOnMissingBean(name = ReliableListenerAutoConfiguration.DATABASE_GUARD_BEAN_NAME)
    JdbcIdempotencyGuard jdbcIdempotencyGuard(DataSource dataSource, PlatformTransactionManager transactionManager,
            OutboxDialect dialect, OutboxTables tables, ObjectProvider<OutboxSchemaInitializer> schema,
            ObjectProvider<Clock> clock) {
        schema.ifAvailable(initialized -> {
        });
        return new JdbcIdempotencyGuard(dataSource, transactionManager, dialect, tables,
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnMissingBean(name = "processedMessageCleaner")
    RetentionCleaner processedMessageCleaner(DataSource dataSource, OutboxDialect dialect, OutboxTables tables,
            IdempotencyProperties properties, ObjectProvider<OutboxSchemaInitializer> schema,
            ObjectProvider<Clock> clock) {
        schema.ifAvailable(initialized -> {
        });
        Duration retention = properties.getRetention();
        if (!retention.isPositive()) {
            throw new IllegalArgumentException("reliable-messaging.idempotency.retention must be positive, but was "
                    + retention + ": a guard that keeps nothing would let every redelivery through");
        }
        return new RetentionCleaner(dataSource, dialect, Rows.processedMessages(tables), retention, CLEANUP_INTERVAL,
                CLEANUP_BATCH_SIZE, clock.getIfAvailable(Clock::systemUTC));
    }
}
