package org.reliablemessaging.rabbit;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.spi.transport.Acknowledgement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deliveries of one run of a {@link RabbitMessageSource} that the dispatcher has not acknowledged
 * yet: hands out their acknowledgements, which ack from any thread, and lets the source wait for them
 * when it stops.
 */
final class InFlightAcks {

    private static final Logger log = LoggerFactory.getLogger(InFlightAcks.class);

    /** Our acks take turns: amqp-client documents channels as not to be shared between threads. */
    private final Lock ackLock = new ReentrantLock();

    private int unacknowledged;

    private boolean closed;

    /**
     * The acknowledgement of a delivery, or {@code null} once {@link #closeAndAwait(Duration)} began:
     * that delivery then stays unacked and comes again when its channel closes.
     * @param channel the very channel the delivery came on, since delivery tags are per channel
     */
    synchronized @Nullable Acknowledgement track(Channel channel, long deliveryTag, String queue) {
        if (closed) {
            return null;
        }
        unacknowledged++;
        AtomicBoolean acknowledged = new AtomicBoolean();
        return () -> {
            // A second ack of one tag would close the channel and bring back everything unacked on it.
            if (acknowledged.compareAndSet(false, true)) {
                try {
                    ack(channel, deliveryTag, queue);
                }
                finally {
                    release();
                }
            }
        };
    }

    /**
     * Hands out no more acknowledgements and waits up to {@code timeout} for those handed out.
     * @return how many are still not acknowledged
     */
    synchronized int closeAndAwait(Duration timeout) {
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (long left = timeout.toNanos(); unacknowledged > 0 && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        catch (InterruptedException ex) {
            // Stop waiting: whatever is unacknowledged is redelivered.
            Thread.currentThread().interrupt();
        }
        return unacknowledged;
    }

    private synchronized void release() {
        if (--unacknowledged == 0) {
            notifyAll();
        }
    }

    private void ack(Channel channel, long deliveryTag, String queue) {
        ackLock.lock();
        try {
            channel.basicAck(deliveryTag, false);
        }
        catch (ShutdownSignalException ex) {
            log.debug("Ack of a message from {} dropped: its channel closed, so RabbitMQ redelivers it", queue, ex);
        }
        catch (IOException | RuntimeException ex) {
            log.warn("Ack of a message from {} failed: RabbitMQ redelivers it once its channel closes", queue, ex);
        }
        finally {
            ackLock.unlock();
        }
    }
}
