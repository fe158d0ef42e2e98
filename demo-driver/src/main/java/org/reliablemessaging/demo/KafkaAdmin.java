package org.reliablemessaging.demo;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.jspecify.annotations.Nullable;

/** What the harness asks the {@link KafkaCluster}: which node leads the topics in use, whether all replicas are in sync. */
final class KafkaAdmin implements AutoCloseable {

    /** How long one question may take; a node that is down or cut off must not stall the harness for long. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;

    KafkaAdmin(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "chaos-harness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis() / 2,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis()));
    }

    /**
     * The node that leads the most partitions of the services' topics (Kafka's internal ones left out), the
     * lowest id on a tie; node 1 while the services have no topic yet.
     */
    int busiestLeader() {
        Collection<TopicDescription> topics = describe(false);
        Map<Integer, Long> led = topics.stream()
            .flatMap(topic -> topic.partitions().stream())
            .filter(partition -> partition.leader() != null)
            .collect(Collectors.groupingBy(partition -> partition.leader().id(), Collectors.counting()));
        return led.entrySet().stream()
            .max(Comparator.<Map.Entry<Integer, Long>>comparingLong(Map.Entry::getValue)
                .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
            .map(Map.Entry::getKey)
            .orElse(1);
    }

    /** Waits until the cluster has {@code count} brokers registered and unfenced. */
    void awaitBrokers(int count, Duration timeout) {
        awaitTrue(timeout, "%d brokers in the cluster".formatted(count), 1, () -> brokers() == count);
    }

    /**
     * Waits until all {@code count} brokers are registered and every partition of every topic, Kafka's internal
     * ones included, has a leader and all its replicas in sync: a node started again caught up with the others.
     * Three answers in a row must say so: a node just resumed from SIGSTOP answers from metadata of before its
     * pause until it has caught up.
     */
    void awaitInSync(int count, Duration timeout) {
        awaitTrue(timeout, "every replica of every partition in sync", 3, () -> brokers() == count
                && describe(true).stream().flatMap(topic -> topic.partitions().stream()).allMatch(KafkaAdmin::inSync));
    }

    private int brokers() {
        return get(admin.describeCluster().nodes()).size();
    }

    private static boolean inSync(TopicPartitionInfo partition) {
        return partition.leader() != null && partition.isr().size() == partition.replicas().size();
    }

    private Collection<TopicDescription> describe(boolean internal) {
        var names = get(admin.listTopics(new ListTopicsOptions().listInternal(internal)).names());
        if (names.isEmpty()) {
            return List.of();
        }
        return get(admin.describeTopics(names).allTopicNames()).values();
    }

    /**
     * Checks every second until {@code answers} answers in a row say yes; a question the cluster cannot answer
     * yet counts as a no.
     */
    private static void awaitTrue(Duration timeout, String what, int answers, Question question) {
        long deadline = System.nanoTime() + timeout.toNanos();
        @Nullable DemoFailed last = null;
        int yes = 0;
        while (System.nanoTime() < deadline) {
            try {
                yes = question.ask() ? yes + 1 : 0;
                if (yes == answers) {
                    return;
                }
                last = null;
            }
            catch (DemoFailed ex) {
                yes = 0;
                last = ex;
            }
            Wait.pause(1000);
        }
        throw new DemoFailed("Kafka: no " + what + " after " + timeout.toSeconds() + "s"
                + (last != null ? "; the last answer: " + last.getMessage() : ""));
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(REQUEST_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            throw new DemoFailed("Kafka's admin client: " + ex.getCause());
        }
        catch (TimeoutException ex) {
            throw new DemoFailed("Kafka's admin client had no answer within " + REQUEST_TIMEOUT.toSeconds() * 2 + "s");
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new DemoFailed("interrupted");
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    /** A question to the cluster, which may fail with a {@link DemoFailed}. */
    @FunctionalInterface
    private interface Question {
        boolean ask();
    }
}
