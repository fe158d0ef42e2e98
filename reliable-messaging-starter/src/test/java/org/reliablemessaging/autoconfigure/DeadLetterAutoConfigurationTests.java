package org.reliablemessaging.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.DeadLetterQuery;
import org.reliablemessaging.DeadLetters;
import org.reliablemessaging.actuate.DeadLettersEndpoint;
import org.reliablemessaging.jdbc.JdbcDeadLetterHandler;
import org.reliablemessaging.jdbc.JdbcDeadLetters;
import org.reliablemessaging.jdbc.RetentionCleaner;
import org.reliablemessaging.listener.TopicDeadLetterHandler;
import org.reliablemessaging.spi.DeadLetterHandler;
import org.reliablemessaging.spi.FailedMessage;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.testservices.H2TestService;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DeadLetterAutoConfigurationTests {

    private static final MessageSender CONFIRMING = batch -> CompletableFuture
        .completedFuture(batch.stream().map(message -> SendOutcome.confirmed()).toList());

    private final ApplicationContextRunner withDatabase = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class, ReliableMessagingAutoConfiguration.class,
                DeadLetterAutoConfiguration.class, DeadLettersEndpointAutoConfiguration.class))
        .withUserConfiguration(H2TestService.class);

    private final ApplicationContextRunner withoutDatabase = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ReliableMessagingAutoConfiguration.class,
                DeadLetterAutoConfiguration.class, DeadLettersEndpointAutoConfiguration.class));

    @Test
    void keepsDeadLettersInTheOutboxDatabaseEvenWithATransport() {
        withDatabase.withBean(MessageSender.class, () -> CONFIRMING).run(context -> {
            assertThat(context).hasSingleBean(JdbcDeadLetterHandler.class)
                .hasSingleBean(JdbcDeadLetters.class)
                .doesNotHaveBean(TopicDeadLetterHandler.class);
            context.getBean(DeadLetterHandler.class).deadLetter(failed());
            assertThat(context.getBean(DeadLetters.class).count(DeadLetterQuery.all())).isEqualTo(1);
        });
    }

    @Test
    void cleansResolvedLettersAfterTheirRetentionUnlessItIsZero() {
        withDatabase.run(context -> assertThat(context.getBean("deadLetterCleaner", RetentionCleaner.class).isRunning())
            .isTrue());
        withDatabase.withPropertyValues("reliable-messaging.dead-letter.retention=0")
            .run(context -> assertThat(context.getBean("deadLetterCleaner", RetentionCleaner.class).isRunning())
                .as("keeps them for ever").isFalse());
    }

    @Test
    void sendsDeadLettersToATopicWithoutADatabase() {
        withoutDatabase.withBean(MessageSender.class, () -> CONFIRMING).run(context -> {
            assertThat(context).hasSingleBean(TopicDeadLetterHandler.class).doesNotHaveBean(DeadLetters.class);
            context.getBean(DeadLetterHandler.class).deadLetter(failed());
        });
    }

    @Test
    void sendsDeadLettersToATopicOfTheFileTransportWithoutADatabase(@TempDir Path brokerDirectory) {
        // The file transport's auto-configuration sorts after this one by name: only the declared order makes
        // its sender visible to the single-candidate condition.
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ReliableMessagingAutoConfiguration.class,
                    DeadLetterAutoConfiguration.class, FileTransportAutoConfiguration.class))
            .withPropertyValues("reliable-messaging.transport=file",
                    "reliable-messaging.file.embedded.directory=" + brokerDirectory)
            .run(context -> assertThat(context).hasSingleBean(TopicDeadLetterHandler.class));
    }

    @Test
    void configuresNoHandlerWithNeitherDatabaseNorTransport() {
        withoutDatabase.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DeadLetterHandler.class));
    }

    @Test
    void userBeansWin() {
        DeadLetterHandler own = failed -> {
        };
        withDatabase.withBean(DeadLetterHandler.class, () -> own)
            .run(context -> assertThat(context.getBean(DeadLetterHandler.class)).isSameAs(own));
        withoutDatabase.withBean(MessageSender.class, () -> CONFIRMING)
            .withBean(DeadLetterHandler.class, () -> own)
            .run(context -> assertThat(context.getBean(DeadLetterHandler.class)).isSameAs(own));
    }

    @Test
    void exposesTheEndpointOnlyWhenActuatorIsPresentAndTheEndpointIsAvailable() {
        withDatabase.run(context -> assertThat(context).doesNotHaveBean(DeadLettersEndpoint.class));
        ApplicationContextRunner exposed = withDatabase
            .withPropertyValues("management.endpoints.web.exposure.include=deadletters");
        exposed.run(context -> assertThat(context).hasSingleBean(DeadLettersEndpoint.class));
        exposed.withClassLoader(new FilteredClassLoader(Endpoint.class)).run(context -> assertThat(context)
            .hasNotFailed()
            .doesNotHaveBean(DeadLettersEndpoint.class)
            .hasSingleBean(JdbcDeadLetters.class));
        exposed.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DeadLettersEndpoint.class));
        withoutDatabase.withBean(MessageSender.class, () -> CONFIRMING)
            .withPropertyValues("management.endpoints.web.exposure.include=deadletters")
            .run(context -> assertThat(context).doesNotHaveBean(DeadLettersEndpoint.class));
    }

    private static FailedMessage failed() {
        Instant now = Instant.now();
        return new FailedMessage("inventory", new InboundMessage("orders", "k", Map.of(), new byte[] { 1 }, "orders-0", 0,
                now), new IllegalStateException("failed"), 1, now, now);
    }
}
