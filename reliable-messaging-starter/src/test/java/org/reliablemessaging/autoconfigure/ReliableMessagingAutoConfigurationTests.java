package org.reliablemessaging.autoconfigure;

import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.Message;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.jdbc.OutboxDatabase;
import org.reliablemessaging.jdbc.OutboxDialect;
import org.reliablemessaging.jdbc.OutboxSchemaInitializer;
import org.reliablemessaging.jdbc.OutboxTables;
import org.reliablemessaging.observation.DefaultPublishObservationConvention;
import org.reliablemessaging.observation.PublishObservationConvention;
import org.reliablemessaging.spi.OutboxCommitListener;
import org.reliablemessaging.testservices.H2TestService;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;

import static org.assertj.core.api.Assertions.assertThat;

class ReliableMessagingAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class, ReliableMessagingAutoConfiguration.class))
        .withUserConfiguration(H2TestService.class);

    @Test
    void createsThePublisherAndTheTablesOnTheApplicationDataSource() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ReliablePublisher.class).hasSingleBean(OutboxSchemaInitializer.class);
            assertThat(context.getBean(OutboxDialect.class)).isEqualTo(OutboxDialect.H2);
            UUID id = new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
                .execute(status -> context.getBean(ReliablePublisher.class).publish(Message.to("orders").key("k").payload(1)));
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            assertThat(jdbc.queryForObject("SELECT message_id FROM rm_outbox", String.class)).isEqualTo(id.toString());
        });
    }

    @Test
    void commitListenersAreToldAfterCommit() {
        int[] signals = new int[1];
        runner.withBean(OutboxCommitListener.class, () -> () -> signals[0]++).run(context -> {
            new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
                .execute(status -> context.getBean(ReliablePublisher.class).publish("orders", "k", 1));
            assertThat(signals[0]).isEqualTo(1);
        });
    }

    @Test
    void publishesAreObservedInTheApplicationsRegistryWithItsConvention() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        PublishObservationConvention renamed = new DefaultPublishObservationConvention() {

            @Override
            public String getName() {
                return "orders.outbox";
            }
        };
        runner.withBean(ObservationRegistry.class, () -> observations)
            .withBean(PublishObservationConvention.class, () -> renamed)
            .run(context -> {
                new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
                    .execute(status -> context.getBean(ReliablePublisher.class).publish("orders", "k", 1));
                TestObservationRegistryAssert.assertThat(observations).hasSingleObservationThat()
                    .hasNameEqualTo("orders.outbox")
                    .hasLowCardinalityKeyValue("topic", "orders")
                    .hasLowCardinalityKeyValue("type", "Integer");
            });
    }

    @Test
    void usesTheConfiguredTablePrefix() {
        runner.withPropertyValues("reliable-messaging.outbox.table-prefix=billing_").run(context -> {
            assertThat(context.getBean(OutboxTables.class).outbox()).isEqualTo("billing_outbox");
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM billing_outbox", Integer.class)).isZero();
        });
    }

    @Test
    void refusesToStartWithAnInvalidTablePrefix() {
        runner.withPropertyValues("reliable-messaging.outbox.table-prefix=x; DROP TABLE users; --").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("Invalid outbox table prefix");
        });
    }

    @Test
    void leavesTheSchemaAloneWhenAskedTo() {
        runner.withPropertyValues("reliable-messaging.outbox.initialize-schema=false").run(context -> {
            assertThat(context).hasSingleBean(ReliablePublisher.class).doesNotHaveBean(OutboxSchemaInitializer.class);
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'RM_OUTBOX'",
                    Integer.class)).isZero();
        });
    }

    @Test
    void backsOffWithoutADataSourceOrJdbc() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ReliableMessagingAutoConfiguration.class))
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ReliablePublisher.class));
        runner.withClassLoader(new FilteredClassLoader(JdbcTemplate.class))
            .run(context -> assertThat(context).doesNotHaveBean(ReliablePublisher.class));
    }

    /** Counts the outbox's rows as it is created, as a store or a relay starting its work would read the tables. */
    static class OutboxReader {

        final long rows;

        OutboxReader(OutboxDatabase database) {
            this.rows = database.client().sql("SELECT COUNT(*) FROM " + database.tables().outbox()).query(Long.class)
                .single();
        }
    }

    @Test
    void whatUsesTheOutboxDatabaseIsCreatedAfterTheSchemaInitializer() {
        // An application bean is created before the auto-configuration's beans, unless something orders it after.
        runner.withBean(OutboxReader.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(OutboxReader.class).rows).isZero();
            assertThat(context.getBeanFactory().getBeanDefinition("outboxDatabase").getDependsOn())
                .contains("outboxSchemaInitializer");
        });
    }

    @Test
    void aUserDefinedPublisherWins() {
        ReliablePublisher own = message -> UUID.randomUUID();
        runner.withBean(ReliablePublisher.class, () -> own)
            .run(context -> assertThat(context.getBean(ReliablePublisher.class)).isSameAs(own));
    }
}
