package org.reliablemessaging.testservices;

import java.util.function.Function;

import com.redis.testcontainers.RedisContainer;
import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * The containers of {@link TestServiceMode#CONTAINERS}: one per engine and JVM, each started on first
 * use and removed by Testcontainers' reaper when the JVM exits.
 *
 * <p>Only containers-mode branches call into this class, so the local mode never creates a container
 * or looks for Docker. The images are the versions of the servers the local mode runs against.
 */
final class SharedContainers {

    private static final int MARIADB_PORT = 3306;

    private static final SharedContainer<PostgreSQLContainer> POSTGRES = new SharedContainer<>("postgres:15-alpine",
            image -> new PostgreSQLContainer(image).withDatabaseName(TestDatabases.POSTGRES_DATABASE));

    // Root, because each test creates its own database; no password, as on the local server.
    private static final SharedContainer<MariaDBContainer> MARIADB = new SharedContainer<>("mariadb:10.11",
            image -> new MariaDBContainer(image).withUsername("root").withPassword(""));

    private static final SharedContainer<KafkaContainer> KAFKA = new SharedContainer<>("apache/kafka:4.1.0",
            image -> new KafkaContainer(image)
                    .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                    .withEnv("KAFKA_NUM_PARTITIONS", "3"));

    private static final SharedContainer<RabbitMQContainer> RABBIT = new SharedContainer<>("rabbitmq:3.10-alpine",
            RabbitMQContainer::new);

    private static final SharedContainer<RedisContainer> REDIS = new SharedContainer<>("redis:7.0-alpine",
            RedisContainer::new);

    private SharedContainers() {
    }

    static DatabaseServer postgres() {
        PostgreSQLContainer container = POSTGRES.get();
        return new DatabaseServer(container.getHost(), container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
                container.getUsername(), container.getPassword());
    }

    static DatabaseServer mariadb() {
        MariaDBContainer container = MARIADB.get();
        return new DatabaseServer(container.getHost(), container.getMappedPort(MARIADB_PORT),
                container.getUsername(), container.getPassword());
    }

    static String kafkaBootstrapServers() {
        return KAFKA.get().getBootstrapServers();
    }

    static RabbitEndpoint rabbit() {
        RabbitMQContainer container = RABBIT.get();
        return new RabbitEndpoint(container.getHost(), container.getAmqpPort(), container.getAdminUsername(),
                container.getAdminPassword(), "/");
    }

    static RedisEndpoint redis() {
        RedisContainer container = REDIS.get();
        return new RedisEndpoint(container.getRedisHost(), container.getRedisPort());
    }

    /**
     * A container started by the first call that succeeds; a failed start is retried by the next call
     * rather than cached, so every test that needs it reports the real cause.
     */
    private static final class SharedContainer<C extends GenericContainer<?>> {

        private final String image;

        private final Function<String, C> factory;

        private @Nullable C started;

        SharedContainer(String image, Function<String, C> factory) {
            this.image = image;
            this.factory = factory;
        }

        synchronized C get() {
            if (started == null) {
                C container = factory.apply(image);
                try {
                    container.start();
                }
                catch (RuntimeException ex) {
                    throw new IllegalStateException(("Could not start the %s container; start a Docker engine,"
                            + " or set %s=local to use this machine's servers").formatted(image, TestServiceMode.VARIABLE), ex);
                }
                started = container;
            }
            return started;
        }
    }
}
