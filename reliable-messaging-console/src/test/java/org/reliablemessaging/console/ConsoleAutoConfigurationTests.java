package org.reliablemessaging.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.autoconfigure.DeadLetterAutoConfiguration;
import org.reliablemessaging.autoconfigure.ReliableMessagingAutoConfiguration;
import org.reliablemessaging.console.autoconfigure.ConsoleAutoConfiguration;
import org.reliablemessaging.console.autoconfigure.ConsoleSecurityAutoConfiguration;
import org.reliablemessaging.console.metrics.ConsoleGauges;
import org.reliablemessaging.console.web.DeadLetterController;
import org.reliablemessaging.spi.DeadLetterHandler;
import org.reliablemessaging.spi.FailedMessage;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The console exposes nothing until enabled, and its gauges read the tables. */
class ConsoleAutoConfigurationTests {

    private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(DataSourceAutoConfiguration.class,
            ReliableMessagingAutoConfiguration.class, DeadLetterAutoConfiguration.class, ConsoleAutoConfiguration.class,
            ConsoleSecurityAutoConfiguration.class);

    private static String[] database(TestDatabase database) {
        return new String[] { "spring.datasource.url=" + database.jdbcUrl(),
                "spring.datasource.username=" + database.username() };
    }

    @Test
    void servesNothingUntilEnabled() {
        new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
            .withPropertyValues(database(TestDatabases.h2()))
            .run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(ConsoleDatabase.class)
                    .doesNotHaveBean(DeadLetterController.class);
            });
    }

    @Test
    void servesTheApiOnlyInAServletApplication() {
        new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
            .withPropertyValues(database(TestDatabases.h2()))
            .withPropertyValues("reliable-messaging.console.enabled=true")
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DeadLetterController.class));
        new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
            .withPropertyValues(database(TestDatabases.h2()))
            .withPropertyValues("reliable-messaging.console.enabled=true")
            .run(context -> assertThat(context).hasNotFailed().hasSingleBean(DeadLetterController.class));
    }

    @Test
    void gaugesCountDeadLettersByGroupAndStatus() {
        new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
            .withPropertyValues(database(TestDatabases.h2()))
            .withPropertyValues("reliable-messaging.console.metrics.refresh=1h")
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(Clock.class, Clock::systemUTC)
            .run(context -> {
                InboundMessage message = new InboundMessage("orders", "k", Map.of(), new byte[0], "orders-0", 0,
                        Instant.now());
                context.getBean(DeadLetterHandler.class).deadLetter(new FailedMessage("inventory", message,
                        new IllegalStateException("x"), 1, null, null));
                context.getBean(ConsoleGauges.class).refresh();

                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.get("reliable.messaging.dead.letters").tag("group", "inventory")
                    .tag("status", "DEAD").gauge().value()).isEqualTo(1.0);
            });
    }

    @Test
    void gaugesCanBeSwitchedOff() {
        new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
            .withPropertyValues(database(TestDatabases.h2()))
            .withPropertyValues("reliable-messaging.console.metrics.enabled=false")
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ConsoleGauges.class));
    }
}
