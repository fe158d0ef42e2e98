package org.reliablemessaging.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.internal.JsonPayloadSerializer;
import org.reliablemessaging.internal.MessageValidator;
import org.reliablemessaging.jdbc.JdbcReliablePublisher;
import org.reliablemessaging.jdbc.OutboxDatabase;
import org.reliablemessaging.jdbc.OutboxDialect;
import org.reliablemessaging.jdbc.OutboxSchemaInitializer;
import org.reliablemessaging.jdbc.OutboxTables;
import org.reliablemessaging.jdbc.PostgresCommitNotifier;
import org.reliablemessaging.jdbc.OutboxSchemaRuntimeHints;
import org.reliablemessaging.observation.PublishObservationConvention;
import org.reliablemessaging.spi.OutboxCommitListener;
import org.reliablemessaging.spi.PayloadSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.jdbc.core.JdbcTemplate;

import io.micrometer.observation.ObservationRegistry;

import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of the transactional outbox: its tables and the {@link ReliablePublisher}.
 *
 * <p>The schema initializer is a database initializer to Spring Boot ({@link OutboxSchemaInitializerDetector}):
 * it runs after the application's own (its Flyway or Liquibase), and every bean that uses the
 * {@link OutboxDatabase} is created after it ({@link OutboxDatabaseInitializationDetector}).
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class },
        afterName = { "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
                "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass(JdbcTemplate.class)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(ReliableMessagingProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
@ImportRuntimeHints(OutboxSchemaRuntimeHints.class)
public final class ReliableMessagingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OutboxTables outboxTables(ReliableMessagingProperties properties) {
        return new OutboxTables(properties.getOutbox().getTablePrefix());
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxDialect outboxDialect(DataSource dataSource) {
        return OutboxDialect.of(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "reliable-messaging.outbox.initialize-schema", matchIfMissing = true)
    OutboxSchemaInitializer outboxSchemaInitializer(DataSource dataSource, OutboxDialect dialect, OutboxTables tables) {
        return new OutboxSchemaInitializer(dataSource, dialect, tables);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxDatabase outboxDatabase(DataSource dataSource, OutboxDialect dialect, OutboxTables tables) {
        return new OutboxDatabase(dataSource, dialect, tables);
    }

    @Bean
    @ConditionalOnMissingBean
    PayloadSerializer payloadSerializer(ObjectProvider<JsonMapper> jsonMapper) {
        return new JsonPayloadSerializer(jsonMapper.getIfAvailable(() -> JsonMapper.builder().findAndAddModules().build()));
    }

    @Bean
    @ConditionalOnMissingBean
    ReliablePublisher reliablePublisher(OutboxDatabase database, PayloadSerializer serializer,
            ReliableMessagingProperties properties, ObjectProvider<OutboxCommitListener> commitListeners,
            ObjectProvider<Clock> clock, ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<PublishObservationConvention> observationConvention) {
        ReliableMessagingProperties.Outbox outbox = properties.getOutbox();
        MessageValidator validator = new MessageValidator(outbox.getMaxKeyLength(), outbox.getMaxPayloadSize().toBytes());
        List<OutboxCommitListener> listeners = new ArrayList<>(commitListeners.orderedStream().toList());
        if (outbox.isNotifyCommits() && database.dialect() == OutboxDialect.POSTGRESQL) {
            listeners.add(new PostgresCommitNotifier(database));
        }
        return new JdbcReliablePublisher(database, serializer, validator, listeners, clock.getIfAvailable(Clock::systemUTC),
                observations.getIfUnique(() -> ObservationRegistry.NOOP), observationConvention.getIfUnique());
    }
}
