package org.reliablemessaging.relay.autoconfigure;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.autoconfigure.ReliableMessagingAutoConfiguration;
import org.reliablemessaging.relay.MicrometerRelayMetrics;
import org.reliablemessaging.relay.OutboxRelay;
import org.reliablemessaging.relay.OutboxRelayHealthIndicator;
import org.reliablemessaging.relay.PostgresCommitListener;
import org.reliablemessaging.relay.RelayMetrics;
import org.reliablemessaging.relay.RelayWakeUp;
import org.reliablemessaging.spi.OutboxCommitListener;
import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.testservices.H2TestService;
import org.reliablemessaging.testservices.PostgresTestService;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxRelayAutoConfigurationTests {

    private static final MessageSender CONFIRMING = batch -> CompletableFuture
        .completedFuture(batch.stream().map(m -> SendOutcome.confirmed()).toList());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class, ReliableMessagingAutoConfiguration.class,
                OutboxRelayAutoConfiguration.class))
        .withUserConfiguration(H2TestService.class);

    @Test
    void runsTheRelayAndWakesItOnCommit() {
        runner.withBean(MessageSender.class, () -> CONFIRMING).run(context -> {
            assertThat(context).hasSingleBean(OutboxRelay.class).hasSingleBean(OutboxRelayHealthIndicator.class);
            assertThat(context.getBean(OutboxRelay.class).isRunning()).isTrue();
            assertThat(context.getBeansOfType(OutboxCommitListener.class).values())
                .containsExactly(context.getBean(RelayWakeUp.class));
            assertThat(context).doesNotHaveBean(RelayMetrics.class);
        });
    }

    @Test
    void canBeSwitchedOff() {
        runner.withBean(MessageSender.class, () -> CONFIRMING)
            .withPropertyValues("reliable-messaging.relay.enabled=false")
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OutboxRelay.class));
    }

    @Test
    void explainsAMissingTransport() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("needs exactly one MessageSender")
                .hasMessageContaining("reliable-messaging.relay.enabled=false");
        });
    }

    @Test
    void recordsMetricsWhenMicrometerIsThere() {
        runner.withBean(MessageSender.class, () -> CONFIRMING).withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .run(context -> {
                assertThat(context.getBean(RelayMetrics.class)).isInstanceOf(MicrometerRelayMetrics.class);
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.get("reliable.messaging.relay.pending").gauge().value()).isZero();
            });
        runner.withBean(MessageSender.class, () -> CONFIRMING)
            .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
            .run(context -> assertThat(context).hasNotFailed().hasSingleBean(OutboxRelay.class));
    }

    @Test
    void listensForPostgresNotificationsOnlyOnPostgres() {
        runner.withBean(MessageSender.class, () -> CONFIRMING)
            .run(context -> assertThat(context.getBean(PostgresCommitListener.class).isRunning()).isFalse());
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, ReliableMessagingAutoConfiguration.class,
                    OutboxRelayAutoConfiguration.class))
            .withUserConfiguration(PostgresTestService.class)
            .withBean(MessageSender.class, () -> CONFIRMING)
            .run(context -> assertThat(context.getBean(PostgresCommitListener.class).isRunning()).isTrue());
    }

    @Test
    void listeningForCommitsTurnsOffUnderItsNameAndUnderItsDeprecatedOne() {
        runner.withBean(MessageSender.class, () -> CONFIRMING).run(context -> {
            assertThat(context).hasSingleBean(PostgresCommitListener.class);
            assertThat(context.getBean(RelayProperties.class).isListenForCommits()).isTrue();
        });
        for (String off : List.of("reliable-messaging.relay.listen-for-commits=false",
                "reliable-messaging.relay.listen=false")) {
            runner.withBean(MessageSender.class, () -> CONFIRMING).withPropertyValues(off).run(context -> {
                assertThat(context).as(off).doesNotHaveBean(PostgresCommitListener.class);
                assertThat(context.getBean(RelayProperties.class).isListenForCommits()).as(off).isFalse();
            });
        }
    }

    @Test
    void theMetadataMarksTheDeprecatedListenWithItsReplacement() throws Exception {
        JsonNode properties = JsonMapper.builder().build()
            .readTree(Path.of(RelayProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("META-INF/spring-configuration-metadata.json").toFile())
            .path("properties");
        JsonNode listen = null;
        for (JsonNode property : properties) {
            if (property.path("name").asString().equals("reliable-messaging.relay.listen")) {
                listen = property;
            }
        }
        assertThat(listen).isNotNull();
        assertThat(listen.path("deprecation").path("replacement").asString())
            .isEqualTo("reliable-messaging.relay.listen-for-commits");
    }

    @Test
    void rejectsAnUnworkableShardCount() {
        runner.withBean(MessageSender.class, () -> CONFIRMING).withPropertyValues("reliable-messaging.relay.shards=0")
            .run(context -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("reliable-messaging.relay.shards must be between 1 and 1024"));
    }

}
