package org.reliablemessaging.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.Ordering;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.spi.transport.MessageSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KeyedDispatcherTests {

    private final Map<String, List<Integer>> handled = new ConcurrentHashMap<>();

    private final AtomicInteger running = new AtomicInteger();

    private final AtomicInteger mostRunning = new AtomicInteger();

    private final AtomicInteger acknowledged = new AtomicInteger();

    private final MessageProcessor recording = (message, permits) -> {
        permits.acquire();
        try {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(ThreadLocalRandom.current().nextInt(3));
            handled.computeIfAbsent(message.key(), k -> Collections.synchronizedList(new ArrayList<>()))
                .add(Integer.parseInt(new String(message.payload())));
        }
        finally {
            running.decrementAndGet();
            permits.release();
        }
    };

    @Test
    void keysRunInOrderAndInParallelWithinTheConcurrency() {
        KeyedDispatcher dispatcher = new KeyedDispatcher(Ordering.KEY, 8, 10_000, new AtomicInteger(), recording);
        for (int n = 0; n < 50; n++) {
            for (int k = 0; k < 40; k++) {
                dispatcher.dispatch(InboundMessages.numbered("key-" + k, n), acknowledged::incrementAndGet);
            }
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.get() == 2000);
        assertThat(handled).hasSize(40);
        handled.values().forEach(numbers -> assertThat(numbers).hasSize(50).isSorted());
        assertThat(mostRunning.get()).isGreaterThan(1).isLessThanOrEqualTo(8);
        assertThat(dispatcher.inFlight()).isZero();
    }

    @Test
    void aFullDispatcherPausesItsSourceAndResumesItWhenHalfDrained() throws InterruptedException {
        List<String> flow = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch gate = new CountDownLatch(1);
        KeyedDispatcher dispatcher = new KeyedDispatcher(Ordering.KEY, 2, 10, new AtomicInteger(), (message, permits) -> {
            gate.await();
            recording.process(message, permits);
        });
        dispatcher.flowControl(new MessageSource() {
            public void start() {
            }

            public void stop() {
            }

            public void pause() {
                flow.add("pause");
            }

            public void resume() {
                flow.add("resume");
            }
        });
        for (int n = 0; n < 10; n++) {
            dispatcher.dispatch(InboundMessages.numbered("hot", n), acknowledged::incrementAndGet);
        }
        assertThat(flow).containsExactly("pause");

        gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.get() == 10);
        assertThat(flow).containsExactly("pause", "resume");
    }

    @Test
    void withoutOrderingOneKeyRunsInParallel() {
        KeyedDispatcher dispatcher = new KeyedDispatcher(Ordering.NONE, 8, 1000, new AtomicInteger(), recording);
        for (int n = 0; n < 200; n++) {
            dispatcher.dispatch(InboundMessages.numbered("hot", n), acknowledged::incrementAndGet);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.get() == 200);
        assertThat(mostRunning.get()).isGreaterThan(1);
    }

    @Test
    void partitionOrderingRunsAPartitionOneAtATime() {
        KeyedDispatcher dispatcher = new KeyedDispatcher(Ordering.PARTITION, 8, 1000, new AtomicInteger(), recording);
        for (int n = 0; n < 100; n++) {
            InboundMessage message = InboundMessages.numbered("key-" + (n % 10), n);
            dispatcher.dispatch(message, acknowledged::incrementAndGet);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.get() == 100);
        assertThat(mostRunning.get()).isEqualTo(1);
    }
}
