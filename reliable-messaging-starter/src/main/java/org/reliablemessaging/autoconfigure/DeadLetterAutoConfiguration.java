package org.reliablemessaging.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.reliablemessaging.DeadLetters;
import org.reliablemessaging.jdbc.JdbcDeadLetterHandler;
import org.reliablemessaging.jdbc.JdbcDeadLetters;
import org.reliablemessaging.jdbc.JdbcHeldKeys;
import org.reliablemessaging.jdbc.OutboxDatabase;
import org.reliablemessaging.jdbc.OutboxTables;
import org.reliablemessaging.jdbc.RetentionCleaner;
import org.reliablemessaging.jdbc.RetentionCleaner.Rows;
import org.reliablemessaging.listener.TopicDeadLetterHandler;
import org.reliablemessaging.spi.DeadLetterHandler;
import org.reliablemessaging.spi.HeldKeys;
import org.reliablemessaging.spi.transport.MessageSender;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of dead letters: kept in the outbox database and managed through
 * {@link DeadLetters} when there is one, else sent to a dead-letter topic per group through the
 * transport.
 */
@AutoConfiguration(after = { ReliableMessagingAutoConfiguration.class, KafkaTransportAutoConfiguration.class,
        RabbitTransportAutoConfiguration.class, FileTransportAutoConfiguration.class })
public final class DeadLetterAutoConfiguration {

    /**
     * A safety net above the transports' own send timeouts (30 s by default), so a listener thread
     * is never stuck on a letter whose confirm got lost.
     */
    static final Duration TOPIC_CONFIRM_TIMEOUT = Duration.ofMinutes(2);

    private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(5);

    private static final int CLEANUP_BATCH_SIZE = 500;

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnSingleCandidate(DataSource.class)
    @ConditionalOnBean(OutboxDatabase.class)
    static class JdbcDeadLetterConfiguration {

        @Bean
        @ConditionalOnMissingBean(DeadLetterHandler.class)
        JdbcDeadLetterHandler jdbcDeadLetterHandler(OutboxDatabase database, ObjectProvider<Clock> clock) {
            return new JdbcDeadLetterHandler(database, clock.getIfAvailable(Clock::systemUTC));
        }

        @Bean
        @ConditionalOnMissingBean(DeadLetters.class)
        JdbcDeadLetters jdbcDeadLetters(OutboxDatabase database, ObjectProvider<Clock> clock) {
            return new JdbcDeadLetters(database, clock.getIfAvailable(Clock::systemUTC));
        }

        @Bean
        @ConditionalOnMissingBean(HeldKeys.class)
        JdbcHeldKeys jdbcHeldKeys(OutboxDatabase database, ObjectProvider<Clock> clock) {
            return new JdbcHeldKeys(database, clock.getIfAvailable(Clock::systemUTC));
        }

        @Bean
        @ConditionalOnMissingBean(name = "deadLetterCleaner")
        RetentionCleaner deadLetterCleaner(OutboxDatabase database, ReliableMessagingProperties properties,
                ObjectProvider<Clock> clock) {
            return new RetentionCleaner(database, Rows.resolvedDeadLetters(database.tables()),
                    properties.getDeadLetter().getRetention(), CLEANUP_INTERVAL, CLEANUP_BATCH_SIZE,
                    clock.getIfAvailable(Clock::systemUTC));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(OutboxTables.class)
    @ConditionalOnSingleCandidate(MessageSender.class)
    static class TopicDeadLetterConfiguration {

        @Bean
        @ConditionalOnMissingBean(DeadLetterHandler.class)
        TopicDeadLetterHandler topicDeadLetterHandler(MessageSender sender, ObjectProvider<Clock> clock) {
            return new TopicDeadLetterHandler(sender, TOPIC_CONFIRM_TIMEOUT, clock.getIfAvailable(Clock::systemUTC));
        }
    }
}
