package org.reliablemessaging.broker.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PublishQueueTests {

    private final List<List<String>> requests = Collections.synchronizedList(new ArrayList<>());

    /** Holds the sender in its first request until released, so that records gather behind it. */
    private final CountDownLatch firstSent = new CountDownLatch(1);

    private final CountDownLatch release = new CountDownLatch(1);

    @Test
    void aRecordThatFindsNothingBeingSentGoesOutAtOnceAlone() {
        PublishQueue<String> queue = new PublishQueue<>("test", 100, 512, 1 << 20, String::length, requests::add);

        queue.add(List.of("a"));
        eventually(() -> requests.size() == 1);
        queue.add(List.of("b"));
        eventually(() -> requests.size() == 2);

        assertThat(requests).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void recordsAddedWhileARequestIsBeingSentGoOutTogetherInTheNextInOrder() {
        PublishQueue<String> queue = holdingFirst(512, 1 << 20, 100);
        queue.add(List.of("first"));
        awaitLatch(firstSent);

        queue.add(List.of("x1"));
        queue.add(List.of("x2", "x3"));
        release.countDown();

        eventually(() -> requests.size() == 2);
        assertThat(requests).containsExactly(List.of("first"), List.of("x1", "x2", "x3"));
    }

    @Test
    void aRequestTakesAtMostItsRecords() {
        assertThat(requestsBehindFirst(holdingFirst(2, 1 << 20, 100), 4, "a", "b", "c", "d", "e"))
            .containsExactly(List.of("first"), List.of("a", "b"), List.of("c", "d"), List.of("e"));
    }

    @Test
    void aRequestStopsTakingRecordsOnceItsBytesAreReached() {
        assertThat(requestsBehindFirst(holdingFirst(512, 5, 100), 4, "aaa", "bbb", "c", "dddddd", "e"))
            .containsExactly(List.of("first"), List.of("aaa", "bbb"), List.of("c", "dddddd"), List.of("e"));
    }

    @Test
    void aCallerWaitsForRoomWhileTheQueueIsFull() throws Exception {
        PublishQueue<String> queue = holdingFirst(512, 1 << 20, 2);
        queue.add(List.of("first"));
        awaitLatch(firstSent);
        queue.add(List.of("a", "b"));

        Thread third = Thread.ofVirtual().start(() -> queue.add(List.of("c")));
        assertThat(third.join(Duration.ofMillis(300))).as("the third record waits for room").isFalse();
        release.countDown();
        assertThat(third.join(Duration.ofSeconds(10))).isTrue();

        eventually(() -> requests.stream().mapToInt(List::size).sum() == 4);
        assertThat(requests.stream().flatMap(List::stream)).containsExactly("first", "a", "b", "c");
    }

    /** Every record goes out once, each caller's in the order it added them. */
    @Test
    void manyCallersAtOnceLoseNothingSendNothingTwiceAndKeepEachCallersOrder() throws Exception {
        int callers = 16;
        int perCaller = 2_000;
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        PublishQueue<String> queue = new PublishQueue<>("test", 256, 64, 1 << 20, String::length, sent::addAll);
        CyclicBarrier start = new CyclicBarrier(callers);
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perCaller; i++) {
                        queue.add(List.of(caller + ":" + i));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        }

        eventually(() -> sent.size() >= callers * perCaller);
        assertThat(sent).hasSize(callers * perCaller).doesNotHaveDuplicates();
        int[] next = new int[callers];
        for (String record : sent) {
            String[] parts = record.split(":");
            int caller = Integer.parseInt(parts[0]);
            assertThat(Integer.parseInt(parts[1])).as("caller %d's records in order", caller).isEqualTo(next[caller]++);
        }
    }

    /** The requests sent when {@code records} were added while the first request was being sent. */
    private List<List<String>> requestsBehindFirst(PublishQueue<String> queue, int requestCount, String... records) {
        queue.add(List.of("first"));
        awaitLatch(firstSent);
        queue.add(List.of(records));
        release.countDown();
        eventually(() -> requests.size() == requestCount);
        return requests;
    }

    private PublishQueue<String> holdingFirst(int maxRecords, int maxBytes, int capacity) {
        return new PublishQueue<>("test", capacity, maxRecords, maxBytes, String::length, batch -> {
            requests.add(batch);
            if (batch.equals(List.of("first"))) {
                firstSent.countDown();
                awaitLatch(release);
            }
        });
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    private static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s for the sender").isLessThan(deadline);
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
