package org.reliablemessaging.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.TransportTestMessages;
import org.reliablemessaging.broker.BrokerClient;
import org.reliablemessaging.broker.Durability;
import org.reliablemessaging.broker.embedded.FileBroker;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.broker.client.RemoteBroker;
import org.reliablemessaging.broker.server.BrokerServer;
import org.reliablemessaging.file.FileMessageSender;
import org.reliablemessaging.file.FileMessageSourceFactory;
import org.reliablemessaging.kafka.KafkaListenerLag;
import org.reliablemessaging.kafka.KafkaMessageSender;
import org.reliablemessaging.kafka.KafkaMessageSourceFactory;
import org.reliablemessaging.rabbit.RabbitMessageSender;
import org.reliablemessaging.rabbit.RabbitMessageSourceFactory;
import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.MessageSourceFactory;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.util.TestSocketUtils;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Which MessageSender the transport auto-configurations define, depending on classpath and properties. */
class TransportAutoConfigurationTests {

    private static final String[] RABBIT = { "org.springframework.amqp", "com.rabbitmq",
            "org.springframework.boot.amqp" };

    private static final String[] KAFKA = { "org.apache.kafka", "org.springframework.kafka",
            "org.springframework.boot.kafka" };

    private static final String FILE_BROKER = "org.reliablemessaging.broker";

    private static final FilteredClassLoader WITHOUT_FILE_BROKER = new FilteredClassLoader(FILE_BROKER);

    private static final FilteredClassLoader WITHOUT_RABBIT = new FilteredClassLoader(concat(RABBIT, FILE_BROKER));

    private static final FilteredClassLoader WITHOUT_KAFKA = new FilteredClassLoader(concat(KAFKA, FILE_BROKER));

    private static final FilteredClassLoader ONLY_FILE_BROKER = new FilteredClassLoader(concat(KAFKA, RABBIT));

    @TempDir
    Path brokerDirectory;

    // Nothing listens there: the senders connect lazily, and these tests never send.
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, RabbitAutoConfiguration.class,
                    KafkaTransportAutoConfiguration.class, RabbitTransportAutoConfiguration.class,
                    FileTransportAutoConfiguration.class))
            .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:" + TestSocketUtils.findAvailableTcpPort(),
                    "spring.rabbitmq.port=" + TestSocketUtils.findAvailableTcpPort());

    @Test
    void kafkaSenderWhenOnlyKafkaIsOnTheClasspath() {
        runner.withClassLoader(WITHOUT_RABBIT)
                .run(context -> assertThat(context).getBean(MessageSender.class).isInstanceOf(KafkaMessageSender.class));
    }

    @Test
    void rabbitSenderWhenOnlyRabbitIsOnTheClasspath() {
        runner.withClassLoader(WITHOUT_KAFKA)
                .run(context -> assertThat(context).getBean(MessageSender.class).isInstanceOf(RabbitMessageSender.class));
    }

    @Test
    void kafkaListenerLagIsMeasuredOnlyWithAMeterRegistry() {
        runner.withClassLoader(WITHOUT_RABBIT)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(KafkaListenerLag.class));
        runner.withClassLoader(WITHOUT_RABBIT).withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> assertThat(context).hasSingleBean(KafkaListenerLag.class));
    }

    @Test
    void startUpFailsNamingThePropertyWhenBothAreOnTheClasspathAndNoneIsSelected() {
        runner.withClassLoader(WITHOUT_FILE_BROKER).run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("set reliable-messaging.transport to one of them"));
    }

    @Test
    void propertySelectsTheTransportWhenBothAreOnTheClasspath() {
        runner.withPropertyValues("reliable-messaging.transport=kafka")
                .run(context -> assertThat(context).getBean(MessageSender.class).isInstanceOf(KafkaMessageSender.class));
        runner.withPropertyValues("reliable-messaging.transport=RABBIT")
                .run(context -> assertThat(context).getBean(MessageSender.class).isInstanceOf(RabbitMessageSender.class));
    }

    @Test
    void startUpFailsWhenThePropertySelectsATransportThatIsNotOnTheClasspath() {
        runner.withClassLoader(WITHOUT_KAFKA).withPropertyValues("reliable-messaging.transport=kafka")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("reliable-messaging.transport=KAFKA but its client libraries are not on"));
    }

    @Test
    void embeddedFileBrokerWhenOnlyItIsOnTheClasspath() {
        runner.withClassLoader(ONLY_FILE_BROKER)
                .withPropertyValues("reliable-messaging.file.embedded.directory=" + brokerDirectory)
                .run(context -> {
                    assertThat(context).getBean(MessageSender.class).isInstanceOf(FileMessageSender.class);
                    assertThat(context).getBean(MessageSourceFactory.class).isInstanceOf(FileMessageSourceFactory.class);
                    assertThat(context).getBean(BrokerClient.class).isInstanceOf(FileBroker.class);
                });
        assertThat(brokerDirectory).isNotEmptyDirectory();
    }

    @Test
    void fileBrokerSelectedByThePropertyAmongAllTransports() {
        runner.withPropertyValues("reliable-messaging.transport=file",
                "reliable-messaging.file.embedded.directory=" + brokerDirectory)
                .run(context -> assertThat(context).getBean(MessageSender.class).isInstanceOf(FileMessageSender.class));
    }

    @Test
    void clientModeSendsThroughTheServerOfAnotherApplicationsEmbeddedBroker() {
        runner.withClassLoader(ONLY_FILE_BROKER)
                .withPropertyValues("reliable-messaging.file.embedded.directory=" + brokerDirectory,
                        "reliable-messaging.file.embedded.server.enabled=true",
                        "reliable-messaging.file.embedded.server.port=0")
                .run(serving -> {
                    int port = serving.getBean(BrokerServer.class).port();
                    runner.withClassLoader(ONLY_FILE_BROKER)
                            .withPropertyValues("reliable-messaging.file.mode=client",
                                    "reliable-messaging.file.client.port=" + port)
                            .run(client -> {
                                assertThat(client).getBean(BrokerClient.class).isInstanceOf(RemoteBroker.class);
                                List<SendOutcome> outcomes = client.getBean(MessageSender.class)
                                        .send(List.of(TransportTestMessages.message("orders", "k", 1))).join();
                                assertThat(outcomes).containsExactly(SendOutcome.confirmed());
                            });
                    FileBroker broker = serving.getBean(FileBroker.class);
                    int partition = broker.describeTopic("orders").orElseThrow().partitions();
                    assertThat(IntStream.range(0, partition)
                            .mapToLong(p -> broker.offsets(new TopicPartition("orders", p)).end()).sum()).isEqualTo(1);
                });
    }

    @Test
    void startUpFailsNamingTheTokenPropertyWhenTheServerIsBoundBeyondLoopbackWithoutOne() {
        runner.withClassLoader(ONLY_FILE_BROKER)
                .withPropertyValues("reliable-messaging.file.embedded.directory=" + brokerDirectory,
                        "reliable-messaging.file.embedded.server.enabled=true",
                        "reliable-messaging.file.embedded.server.bind-address=0.0.0.0",
                        "reliable-messaging.file.embedded.server.port=0")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("needs a token")
                        .hasStackTraceContaining("reliable-messaging.file.embedded.server.token"));
    }

    @Test
    void startUpFailsNamingThePropertyOfAnUnknownDurability() {
        runner.withPropertyValues("reliable-messaging.transport=file",
                "reliable-messaging.file.embedded.durability=eventually",
                "reliable-messaging.file.embedded.directory=" + brokerDirectory)
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("reliable-messaging.file.embedded.durability")
                        .hasStackTraceContaining("eventually"));
    }

    @Test
    void intervalDurabilityForcesTheLogAtTheForceInterval() {
        EmbeddedFileBrokerProperties embedded = new EmbeddedFileBrokerProperties();
        assertThat(FileTransportAutoConfiguration.brokerConfig(embedded).durability()).isEqualTo(Durability.sync());
        embedded.setDurability(EmbeddedFileBrokerProperties.Durability.INTERVAL);
        assertThat(FileTransportAutoConfiguration.brokerConfig(embedded).durability())
                .isEqualTo(Durability.interval(Duration.ofMillis(100)));
        embedded.setForceInterval(Duration.ofMillis(250));
        assertThat(FileTransportAutoConfiguration.brokerConfig(embedded).durability())
                .isEqualTo(Durability.interval(Duration.ofMillis(250)));
        embedded.setDurability(EmbeddedFileBrokerProperties.Durability.NONE);
        assertThat(FileTransportAutoConfiguration.brokerConfig(embedded).durability()).isEqualTo(Durability.none());
    }

    @Test
    void applicationsOwnSenderWins() {
        runner.withUserConfiguration(OwnSender.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(MessageSender.class);
            assertThat(context.getBean(MessageSender.class)).isSameAs(context.getBean("ownSender"));
        });
    }

    @Test
    void applicationsOwnSenderKeepsTheListenerSide() {
        runner.withClassLoader(WITHOUT_RABBIT).withUserConfiguration(OwnSender.class).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(KafkaMessageSender.class);
            assertThat(context).getBean(MessageSourceFactory.class).isInstanceOf(KafkaMessageSourceFactory.class);
        });
    }

    @Test
    void kafkaSourceFactoryBesideTheKafkaSender() {
        runner.withClassLoader(WITHOUT_RABBIT).run(context -> assertThat(context).getBean(MessageSourceFactory.class)
                .isInstanceOf(KafkaMessageSourceFactory.class));
    }

    @Test
    void applicationsOwnSourceFactoryWinsOverKafkas() {
        runner.withClassLoader(WITHOUT_RABBIT).withUserConfiguration(OwnSourceFactory.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(MessageSourceFactory.class);
            assertThat(context.getBean(MessageSourceFactory.class)).isSameAs(context.getBean("ownSourceFactory"));
            assertThat(context).hasSingleBean(KafkaMessageSender.class);
        });
    }

    @Test
    void relayConnectionFactoryLeavesTheApplicationsOneAlone() {
        runner.withPropertyValues("reliable-messaging.transport=rabbit").run(context -> {
            // Boot's factory and template are still the only default candidates, and unchanged.
            ConnectionFactory applications = context.getBean(ConnectionFactory.class);
            assertThat(applications).isNotSameAs(context.getBean(RabbitTransportAutoConfiguration.CONNECTION_FACTORY));
            assertThat(applications.isPublisherConfirms()).isFalse();
            assertThat(context).hasSingleBean(RabbitTemplate.class);
            CachingConnectionFactory relays = context.getBean(RabbitTransportAutoConfiguration.CONNECTION_FACTORY,
                    CachingConnectionFactory.class);
            assertThat(relays.isPublisherConfirms()).isTrue();
            assertThat(relays.isPublisherReturns()).isTrue();
        });
    }

    @Test
    void rabbitSourceFactoryConsumesOnAConnectionOfItsOwnWithoutConfirms() {
        runner.withPropertyValues("reliable-messaging.transport=rabbit").run(context -> {
            assertThat(context).getBean(MessageSourceFactory.class).isInstanceOf(RabbitMessageSourceFactory.class);
            ConnectionFactory listeners = context.getBean(RabbitTransportAutoConfiguration.LISTENER_CONNECTION_FACTORY,
                    ConnectionFactory.class);
            assertThat(listeners).isNotSameAs(context.getBean(ConnectionFactory.class))
                    .isNotSameAs(context.getBean(RabbitTransportAutoConfiguration.CONNECTION_FACTORY));
            assertThat(listeners.isPublisherConfirms()).isFalse();
        });
    }

    @Test
    void applicationsOwnSourceFactoryWinsAndTheSenderStays() {
        runner.withPropertyValues("reliable-messaging.transport=rabbit").withUserConfiguration(OwnSourceFactory.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(MessageSourceFactory.class)
                            .doesNotHaveBean(RabbitTransportAutoConfiguration.LISTENER_CONNECTION_FACTORY);
                    assertThat(context.getBean(MessageSourceFactory.class)).isSameAs(context.getBean("ownSourceFactory"));
                    assertThat(context).getBean(MessageSender.class).isInstanceOf(RabbitMessageSender.class);
                });
    }

    private static String[] concat(String[] packages, String... more) {
        return Stream.concat(Arrays.stream(packages), Arrays.stream(more)).toArray(String[]::new);
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnSourceFactory {

        @Bean
        MessageSourceFactory ownSourceFactory() {
            return (subscription, dispatcher) -> {
                throw new UnsupportedOperationException("never called");
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnSender {

        @Bean
        MessageSender ownSender() {
            return batch -> CompletableFuture.completedFuture(List.of());
        }
    }
}
