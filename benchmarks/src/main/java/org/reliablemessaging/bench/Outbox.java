package org.reliablemessaging.bench;

import java.util.concurrent.atomic.AtomicLong;

import org.reliablemessaging.ReliablePublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Publishes through the application's {@link ReliablePublisher}, in its transactions, as a service would. */
final class Outbox {

    private final ReliablePublisher publisher;

    private final TransactionTemplate transactions;

    Outbox(ConfigurableApplicationContext context) {
        publisher = context.getBean(ReliablePublisher.class);
        transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    }

    /** {@code count} messages with random keys, {@code perTransaction} to a transaction. */
    void fill(String topic, long count, int perTransaction, String payload) {
        for (long done = 0; done < count; done += perTransaction) {
            long n = Math.min(perTransaction, count - done);
            transactions.executeWithoutResult(status -> {
                for (long i = 0; i < n; i++) {
                    publisher.publish(topic, Load.randomKey(), payload);
                }
            });
        }
    }

    /** One message in a transaction of its own. */
    void publishOne(String topic, String key, Object payload) {
        transactions.executeWithoutResult(status -> publisher.publish(topic, key, payload));
    }

    /**
     * Publishes one message per transaction at {@code rate} per second on the calling thread until
     * {@code stop} says so; returns how many it published.
     */
    static long steady(Outbox outbox, String topic, String payload, double rate, java.util.function.BooleanSupplier stop) {
        AtomicLong published = new AtomicLong();
        long interval = (long) (1e9 / rate);
        long next = System.nanoTime();
        while (!stop.getAsBoolean()) {
            long now = System.nanoTime();
            if (now < next) {
                java.util.concurrent.locks.LockSupport.parkNanos(next - now);
                continue;
            }
            outbox.publishOne(topic, Load.randomKey(), payload);
            published.incrementAndGet();
            next += interval;
        }
        return published.get();
    }

    static String payload(int bytes) {
        // A JSON string of about `bytes` bytes once serialized (quotes included).
        return new String(Load.payload(bytes - 2), java.nio.charset.StandardCharsets.US_ASCII);
    }
}
