package org.reliablemessaging.relay.sidecar;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.autoconfigure.ReliableMessagingAutoConfiguration;
import org.reliablemessaging.broker.BrokerConfig;
import org.reliablemessaging.broker.embedded.FileBroker;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.broker.server.BrokerServer;
import org.reliablemessaging.broker.server.ServerConfig;
import org.reliablemessaging.relay.autoconfigure.OutboxRelayAutoConfiguration;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.reliablemessaging.testservices.TestNames;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.reliablemessaging.relay.sidecar.SidecarKafkaTests.inTransaction;
import static org.reliablemessaging.relay.sidecar.SidecarKafkaTests.pending;

/**
 * The sidecar on MariaDB and a file broker server of another process (here, of the test), as a
 * client with a token.
 */
class SidecarFileBrokerTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final String TOKEN = "s3cret-token";

    private final TestDatabase database = TestDatabases.mariadb();

    @TempDir
    Path brokerDirectory;

    private FileBroker broker;

    private BrokerServer server;

    @BeforeEach
    void startBroker() throws Exception {
        broker = FileBroker.open(BrokerConfig.defaults(brokerDirectory).withSegmentBytes(4 * 1024 * 1024));
        server = BrokerServer.start(broker,
                ServerConfig.defaults().withAddress(InetAddress.getLoopbackAddress(), 0).withToken(TOKEN));
    }

    @AfterEach
    void stopBroker() {
        server.close();
        broker.close();
    }

    @Test
    void relaysToABrokerServerAsAClient() {
        String topic = TestNames.unique("orders");
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, ReliableMessagingAutoConfiguration.class,
                    OutboxRelayAutoConfiguration.class))
            .withBean(JdbcConnectionDetails.class, database::connectionDetails)
            .withPropertyValues("reliable-messaging.relay.enabled=false")
            .run(app -> {
                ReliablePublisher publisher = app.getBean(ReliablePublisher.class);
                try (ConfigurableApplicationContext sidecar = Sidecars.start(Map.of(
                        "SPRING_DATASOURCE_URL", database.jdbcUrl(),
                        "SPRING_DATASOURCE_USERNAME", database.username(),
                        "SPRING_DATASOURCE_PASSWORD", database.password(),
                        "RELIABLE_MESSAGING_TRANSPORT", "file",
                        "RELIABLE_MESSAGING_FILE_MODE", "client",
                        "RELIABLE_MESSAGING_FILE_CLIENT_HOST", "127.0.0.1",
                        "RELIABLE_MESSAGING_FILE_CLIENT_PORT", Integer.toString(server.port()),
                        "RELIABLE_MESSAGING_FILE_CLIENT_TOKEN", TOKEN,
                        "RELIABLE_MESSAGING_RELAY_POLL_INTERVAL", "100ms"))) {
                    for (int i = 1; i <= 10; i++) {
                        int n = i;
                        inTransaction(app, () -> publisher.publish(topic, "key-" + (n % 3), "message " + n));
                    }
                    await().atMost(PATIENCE).untilAsserted(() -> assertThat(records(topic)).hasSize(10));
                    List<StoredRecord> records = records(topic);
                    assertThat(records).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                        .containsExactlyInAnyOrder("\"message 1\"", "\"message 2\"", "\"message 3\"", "\"message 4\"",
                                "\"message 5\"", "\"message 6\"", "\"message 7\"", "\"message 8\"", "\"message 9\"",
                                "\"message 10\"");
                    assertThat(records).allSatisfy(r -> assertThat(r.headers()).containsKey(ReliableHeaders.ID));
                    await().atMost(PATIENCE).until(() -> pending(app) == 0);
                }
            });
    }

    /** Everything the broker stored for {@code topic}, partition by partition. */
    private List<StoredRecord> records(String topic) {
        List<StoredRecord> records = new ArrayList<>();
        broker.describeTopic(topic).ifPresent(description -> {
            for (int partition = 0; partition < description.partitions(); partition++) {
                records.addAll(broker.read(new TopicPartition(topic, partition), 0, 1000));
            }
        });
        records.sort(Comparator.comparing(StoredRecord::partition).thenComparing(StoredRecord::offset));
        return records;
    }
}
