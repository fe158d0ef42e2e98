package org.reliablemessaging.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.spi.transport.Acknowledgement;

/** Through which offsets PartitionProgress commits, whatever order acknowledgements come in. */
class PartitionProgressTests {

    private final PartitionProgress progress = new PartitionProgress("orders-0");

    /** The offsets committed through, in order. */
    private final List<Long> committed = new CopyOnWriteArrayList<>();

    @Test
    void commitsOnlyTheHighestContiguousAcknowledgedOffset() {
        List<Acknowledgement> acks = track(0, 5);

        acks.get(2).acknowledge();
        acks.get(1).acknowledge();
        assertThat(committed).isEmpty();

        acks.get(0).acknowledge();
        assertThat(committed).containsExactly(2L);

        acks.get(4).acknowledge();
        acks.get(3).acknowledge();
        assertThat(committed).containsExactly(2L, 4L);
    }

    @Test
    void repeatedAcknowledgementChangesNothing() {
        List<Acknowledgement> acks = track(0, 2);

        acks.get(1).acknowledge();
        acks.get(1).acknowledge();
        acks.get(0).acknowledge();
        acks.get(0).acknowledge();

        assertThat(committed).containsExactly(1L);
    }

    @Test
    void ignoresAcknowledgementsOnceClosed() throws Exception {
        List<Acknowledgement> acks = track(10, 2);
        acks.get(1).acknowledge();

        progress.close();
        acks.get(0).acknowledge();

        assertThat(committed).isEmpty();
        assertThat(progress.awaitAcknowledged(System.nanoTime())).isFalse();
    }

    @Test
    void concurrentAcknowledgementsEndWithTheLastOffsetCommitted() throws Exception {
        List<Acknowledgement> acks = track(0, 1000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (int thread = 0; thread < 4; thread++) {
                int first = thread;
                pool.execute(() -> {
                    awaitQuietly(go);
                    for (int i = acks.size() - 1 - first; i >= 0; i -= 4) {
                        acks.get(i).acknowledge();
                    }
                });
            }
            go.countDown();

            assertThat(progress.awaitAcknowledged(System.nanoTime() + Duration.ofSeconds(10).toNanos())).isTrue();
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(committed).isSorted().endsWith(999L);
    }

    @Test
    void waitEndsAtTheDeadlineWhileAMessageIsUnacknowledged() throws Exception {
        track(0, 1);
        long start = System.nanoTime();

        boolean acknowledged = progress.awaitAcknowledged(start + Duration.ofMillis(100).toNanos());

        assertThat(acknowledged).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    private List<Acknowledgement> track(long firstOffset, int count) {
        List<Acknowledgement> acks = new ArrayList<>();
        for (long offset = firstOffset; offset < firstOffset + count; offset++) {
            long tracked = offset;
            acks.add(progress.track(offset, () -> committed.add(tracked)));
        }
        return acks;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
