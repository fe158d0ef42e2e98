package org.reliablemessaging.testservices;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Deletes the topics a test created, once nothing consumes or produces them any more (for a Spring
 * context: after it closed, or from a bean destroyed after its listeners stopped).
 */
public final class KafkaTopics {

    private static final long TIMEOUT_SECONDS = 30;

    private KafkaTopics() {
    }

    /**
     * Deletes those of {@code topics} that exist on {@link TestBrokers#kafkaBootstrapServers()}, and the
     * topics named after them ({@code <topic>.<group>.retry}, {@code <topic>.<group>.dlt}).
     */
    public static void delete(Collection<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestBrokers.kafkaBootstrapServers()))) {
            var existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            var doomed = existing.stream()
                .filter(name -> topics.stream().anyMatch(topic -> name.equals(topic) || name.startsWith(topic + ".")))
                .toList();
            admin.deleteTopics(doomed).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (ExecutionException ex) {
            // Deleted in the meantime by someone else: what was asked for is done.
            if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw new IllegalStateException("Could not delete the Kafka topics " + topics, ex.getCause());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while deleting the Kafka topics " + topics, ex);
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("Kafka did not delete the topics " + topics + " within "
                    + TIMEOUT_SECONDS + "s", ex);
        }
    }
}
