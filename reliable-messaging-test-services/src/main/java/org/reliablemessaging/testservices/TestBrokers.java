package org.reliablemessaging.testservices;

/**
 * The message brokers and Redis of the integration tests, shared by the whole JVM; tests keep apart
 * by using {@link TestNames#unique(String)} for their topics, queues and keys.
 */
public final class TestBrokers {

    private TestBrokers() {
    }

    /**
     * The Kafka bootstrap servers: topics are created on first use, with 3 partitions and replication 1.
     */
    public static String kafkaBootstrapServers() {
        return switch (TestServiceMode.current()) {
            case LOCAL -> EmbeddedKafka.bootstrapServers();
            case CONTAINERS -> SharedContainers.kafkaBootstrapServers();
        };
    }

    /** The RabbitMQ broker, reached as its default user on the default virtual host. */
    public static RabbitEndpoint rabbit() {
        return switch (TestServiceMode.current()) {
            case LOCAL -> new RabbitEndpoint(LocalServer.HOST, LocalServer.RABBITMQ.requireRunning(), "guest", "guest", "/");
            case CONTAINERS -> SharedContainers.rabbit();
        };
    }

    /** The Redis server. */
    public static RedisEndpoint redis() {
        return switch (TestServiceMode.current()) {
            case LOCAL -> new RedisEndpoint(LocalServer.HOST, LocalServer.REDIS.requireRunning());
            case CONTAINERS -> SharedContainers.redis();
        };
    }
}
