package org.reliablemessaging.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reliablemessaging.TransportTestMessages;
import org.reliablemessaging.autoconfigure.EmbeddedFileBrokerProperties.Durability;
import org.reliablemessaging.broker.server.BrokerServer;
import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The property names of 0.1.0 still bind, to the settings that replaced them, and the configuration
 * metadata marks each deprecated with its replacement.
 */
class DeprecatedPropertyNamesTests {

    private static final String FILE = "reliable-messaging.file.";

    private static final Map<String, String> REPLACEMENTS = Map.ofEntries(
            Map.entry(FILE + "directory", FILE + "embedded.directory"),
            Map.entry(FILE + "durability", FILE + "embedded.durability"),
            Map.entry(FILE + "partitions", FILE + "embedded.partitions"),
            Map.entry(FILE + "segment-size", FILE + "embedded.segment-size"),
            Map.entry(FILE + "max-record-size", FILE + "embedded.max-record-size"),
            Map.entry(FILE + "retention", FILE + "embedded.retention"),
            Map.entry(FILE + "retention-size", FILE + "embedded.retention-size"),
            Map.entry(FILE + "host", FILE + "client.host"),
            Map.entry(FILE + "port", FILE + "client.port"),
            Map.entry(FILE + "token", FILE + "client.token"),
            Map.entry(FILE + "server.enabled", FILE + "embedded.server.enabled"),
            Map.entry(FILE + "server.bind-address", FILE + "embedded.server.bind-address"),
            Map.entry(FILE + "server.port", FILE + "embedded.server.port"),
            Map.entry("reliable-messaging.kafka.producer", "reliable-messaging.kafka.producer-properties"),
            Map.entry("reliable-messaging.rabbit.confirm-timeout", "reliable-messaging.rabbit.send-timeout"),
            Map.entry("reliable-messaging.outbox.notify", "reliable-messaging.outbox.notify-commits"));

    private final ApplicationContextRunner properties = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @TempDir
    Path brokerDirectory;

    static Stream<Arguments> deprecatedNames() {
        return Stream.of(
                binds(FILE + "directory", "/srv/broker", p -> p.getFile().getEmbedded().getDirectory(),
                        Path.of("/srv/broker")),
                binds(FILE + "durability", "none", p -> p.getFile().getEmbedded().getDurability(), Durability.NONE),
                binds(FILE + "durability", "interval", DeprecatedPropertyNamesTests::durability,
                        List.of(Durability.INTERVAL, Duration.ofMillis(100))),
                binds(FILE + "durability", "interval(250ms)", DeprecatedPropertyNamesTests::durability,
                        List.of(Durability.INTERVAL, Duration.ofMillis(250))),
                binds(FILE + "partitions", "3", p -> p.getFile().getEmbedded().getPartitions(), 3),
                binds(FILE + "segment-size", "8MB", p -> p.getFile().getEmbedded().getSegmentSize(),
                        DataSize.ofMegabytes(8)),
                binds(FILE + "max-record-size", "2MB", p -> p.getFile().getEmbedded().getMaxRecordSize(),
                        DataSize.ofMegabytes(2)),
                binds(FILE + "retention", "1d", p -> p.getFile().getEmbedded().getRetention(), Duration.ofDays(1)),
                binds(FILE + "retention-size", "1GB", p -> p.getFile().getEmbedded().getRetentionSize(),
                        DataSize.ofGigabytes(1)),
                binds(FILE + "host", "broker.internal", p -> p.getFile().getClient().getHost(), "broker.internal"),
                binds(FILE + "port", "7500", p -> p.getFile().getClient().getPort(), 7500),
                binds(FILE + "token", "secret", p -> List.of(p.getFile().getClient().getToken(),
                        p.getFile().getEmbedded().getServer().getToken()), List.of("secret", "secret")),
                binds(FILE + "server.enabled", "true", p -> p.getFile().getEmbedded().getServer().isEnabled(), true),
                binds(FILE + "server.bind-address", "0.0.0.0",
                        p -> p.getFile().getEmbedded().getServer().getBindAddress().getHostAddress(), "0.0.0.0"),
                binds(FILE + "server.port", "7500", p -> p.getFile().getEmbedded().getServer().getPort(), 7500),
                binds("reliable-messaging.kafka.producer.linger.ms", "5",
                        p -> p.getKafka().getProducerProperties(), Map.of("linger.ms", "5")),
                binds("reliable-messaging.rabbit.confirm-timeout", "5s", p -> p.getRabbit().getSendTimeout(),
                        Duration.ofSeconds(5)),
                binds("reliable-messaging.outbox.notify", "false", p -> p.getOutbox().isNotifyCommits(), false));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("deprecatedNames")
    void deprecatedNameBindsToItsReplacement(String name, String value,
            Function<ReliableMessagingProperties, Object> replacement, Object expected) {
        properties.withPropertyValues(name + "=" + value).run(context -> assertThat(
                replacement.apply(context.getBean(ReliableMessagingProperties.class))).isEqualTo(expected));
    }

    @Test
    void kafkaProducerPropertiesUnderBothNamesAreMerged() {
        properties.withPropertyValues("reliable-messaging.kafka.producer.linger.ms=5",
                "reliable-messaging.kafka.producer-properties.batch.size=1024")
            .run(context -> assertThat(context.getBean(ReliableMessagingProperties.class).getKafka()
                    .getProducerProperties())
                .containsOnly(Map.entry("linger.ms", "5"), Map.entry("batch.size", "1024")));
    }

    @Test
    void unknownDurabilityUnderTheDeprecatedNameFailsNamingTheAcceptedForms() {
        properties.withPropertyValues(FILE + "durability=eventually").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("unknown durability 'eventually'")
                .hasMessageContaining("reliable-messaging.file.embedded.durability"));
    }

    @Test
    void anApplicationConfiguredWithTheDeprecatedNamesServesAndReachesTheEmbeddedBroker() {
        ApplicationContextRunner file = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FileTransportAutoConfiguration.class))
                .withPropertyValues("reliable-messaging.transport=file", FILE + "token=secret");
        file.withPropertyValues(FILE + "directory=" + brokerDirectory, FILE + "server.enabled=true",
                FILE + "server.port=0", FILE + "server.bind-address=127.0.0.1").run(serving -> {
                    int port = serving.getBean(BrokerServer.class).port();
                    file.withPropertyValues(FILE + "mode=client", FILE + "host=127.0.0.1", FILE + "port=" + port)
                        .run(client -> assertThat(client.getBean(MessageSender.class)
                                .send(List.of(TransportTestMessages.message("orders", "k", 1))).join())
                                .containsExactly(SendOutcome.confirmed()));
                });
        assertThat(brokerDirectory).isNotEmptyDirectory();
    }

    @Test
    void metadataMarksEachDeprecatedNameWithItsReplacement() throws IOException, URISyntaxException {
        Map<String, JsonNode> metadata = starterMetadata();
        assertThat(deprecatedNames().map(arguments -> (String) arguments.get()[0]))
            .as("every name bound above has its replacement below")
            .allMatch(name -> REPLACEMENTS.containsKey(name) || name.startsWith("reliable-messaging.kafka.producer."));
        REPLACEMENTS.forEach((name, replacement) -> {
            JsonNode property = metadata.get(name);
            assertThat(property).as(name + " in the metadata").isNotNull();
            assertThat(property.path("deprecated").asBoolean()).as(name + " deprecated").isTrue();
            assertThat(property.path("deprecation").path("replacement").asString()).as(name + "'s replacement")
                .isEqualTo(replacement);
            assertThat(property.path("deprecation").path("since").asString()).isEqualTo("0.2.0");
            assertThat(metadata.get(replacement)).as(replacement + " in the metadata").isNotNull();
            assertThat(metadata.get(replacement).path("deprecated").asBoolean()).as(replacement + " current").isFalse();
        });
    }

    /** The metadata the annotation processor generated for this module, by property name. */
    private static Map<String, JsonNode> starterMetadata() throws IOException, URISyntaxException {
        Path classes = Path.of(
                ReliableMessagingProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JsonNode root = JsonMapper.builder().build()
            .readTree(classes.resolve("META-INF/spring-configuration-metadata.json").toFile());
        Map<String, JsonNode> byName = new HashMap<>();
        root.path("properties").forEach(property -> byName.put(property.path("name").asString(), property));
        return byName;
    }

    private static List<Object> durability(ReliableMessagingProperties properties) {
        return List.of(properties.getFile().getEmbedded().getDurability(),
                properties.getFile().getEmbedded().getForceInterval());
    }

    private static Arguments binds(String name, String value, Function<ReliableMessagingProperties, Object> replacement,
            Object expected) {
        return Arguments.of(name, value, replacement, expected);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ReliableMessagingProperties.class)
    static class PropertiesOnly {
    }
}
