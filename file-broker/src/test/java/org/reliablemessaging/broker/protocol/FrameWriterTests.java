package org.reliablemessaging.broker.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class FrameWriterTests {

    @Test
    void framesOfConcurrentSendersArriveWholeAndInEachSendersOrder() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FrameWriter writer = FrameWriter.start("test-writer", sink, 16, ex -> {
        });
        AtomicInteger written = new AtomicInteger();
        List<Thread> senders = new ArrayList<>();
        for (int sender = 0; sender < 8; sender++) {
            int id = sender;
            senders.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 500; i++) {
                    writer.send(frame(id, i), written::incrementAndGet);
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join();
        }
        writer.close();
        assertThat(writer.awaitEnd(Duration.ofSeconds(10))).isTrue();

        assertThat(written).hasValue(8 * 500);
        ByteBuffer bytes = ByteBuffer.wrap(sink.toByteArray());
        Map<Integer, Integer> next = new HashMap<>();
        while (bytes.hasRemaining()) {
            assertThat(bytes.getInt()).as("frame length").isEqualTo(2 * Integer.BYTES);
            int sender = bytes.getInt();
            int index = bytes.getInt();
            assertThat(index).as("sender %d's next frame", sender).isEqualTo(next.getOrDefault(sender, 0));
            next.put(sender, index + 1);
        }
        assertThat(next).hasSize(8).allSatisfy((sender, count) -> assertThat(count).isEqualTo(500));
    }

    @Test
    void aFailedWriteDropsEveryQueuedFrameAndRefusesLaterOnes() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writing.countDown();
                try {
                    fail.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("connection reset");
            }
        };
        AtomicReference<IOException> failure = new AtomicReference<>();
        FrameWriter writer = FrameWriter.start("test-writer", broken, 4, failure::set);
        AtomicInteger done = new AtomicInteger();
        // a frame larger than the writer's buffer goes straight to the stream, where it blocks
        writer.send(new byte[128 * 1024], done::incrementAndGet);
        writing.await();
        for (int i = 0; i < 4; i++) {
            assertThat(writer.send(frame(0, i), done::incrementAndGet)).isTrue();
        }
        fail.countDown();
        assertThat(writer.awaitEnd(Duration.ofSeconds(10))).isTrue();

        assertThat(failure.get()).hasMessage("connection reset");
        assertThat(done).as("every frame's completion ran once").hasValue(5);
        assertThat(writer.send(frame(0, 9), done::incrementAndGet)).isFalse();
        assertThat(done).hasValue(6);
    }

    private static byte[] frame(int sender, int index) {
        return ByteBuffer.allocate(3 * Integer.BYTES).putInt(2 * Integer.BYTES).putInt(sender).putInt(index).array();
    }
}
