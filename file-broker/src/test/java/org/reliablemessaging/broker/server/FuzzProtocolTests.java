package org.reliablemessaging.broker.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.RecordPosition;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.broker.client.RemoteBroker;
import org.reliablemessaging.broker.protocol.Frames;
import org.reliablemessaging.broker.protocol.Request;
import org.reliablemessaging.broker.protocol.WireOutput;

/**
 * Throws random, mutated, truncated and slow frames at a running server while a healthy client publishes
 * and reads: the server must survive, bound its memory and connections, and the healthy client must see
 * every acknowledged record back, byte for byte.
 *
 * <p>Seeded: {@code -Dfuzz.seed=N} replays a run, {@code -Dfuzz.iterations=N} (default 300) makes it
 * longer. The seed is printed at the start and in any failure.
 */
class FuzzProtocolTests {

    private static final int MAX_FRAME = 64 * 1024;

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(400);

    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(800);

    /** Far from anything a mutation of the fuzz templates can reach. */
    private static final String HEALTHY_TOPIC = "healthy-client-topic-q7";

    @TempDir
    Path dir;

    @Test
    void randomMutatedTruncatedAndSlowFramesNeitherCrashTheServerNorDisturbAHealthyClient() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int iterations = Integer.getInteger("fuzz.iterations", 300);
        System.out.println("FuzzProtocolTests: -Dfuzz.seed=" + seed + " -Dfuzz.iterations=" + iterations);
        try {
            fuzz(seed, iterations);
        }
        catch (Throwable failure) {
            throw new AssertionError("protocol fuzzing failed; replay with -Dfuzz.seed=" + seed
                    + " -Dfuzz.iterations=" + iterations + ": " + failure, failure);
        }
    }

    private void fuzz(long seed, int iterations) throws Exception {
        Random seeds = new Random(seed);
        ServerConfig config = ServerConfig.defaults().withLimits(MAX_FRAME, 64, 32)
                .withTimeouts(HANDSHAKE_TIMEOUT, IDLE_TIMEOUT, Duration.ofSeconds(10));
        Queue uncaught = new Queue();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> uncaught.add(thread.getName() + ": " + error));
        try (ServerHarness harness = ServerHarness.start(dir, config)) {
            long heapBefore = usedHeapAfterGc();
            HealthyClient healthy = new HealthyClient(harness);
            Thread healthyThread = Thread.ofPlatform().name("healthy-client").start(healthy);
            Outcomes outcomes = new Outcomes();
            List<SlowLoris> lorises = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                lorises.add(new SlowLoris(harness, new Random(seeds.nextLong()), i % 2 == 0));
            }
            lorises.forEach(loris -> Thread.ofVirtual().start(loris));
            try (ExecutorService workers = Executors.newFixedThreadPool(4)) {
                List<Future<?>> runs = new ArrayList<>();
                for (int i = 0; i < iterations; i++) {
                    long iterationSeed = seeds.nextLong();
                    runs.add(workers.submit(() -> {
                        attack(harness, new Random(iterationSeed), outcomes);
                        return null;
                    }));
                }
                for (Future<?> run : runs) {
                    run.get();
                }
            }
            healthy.stop.set(true);
            healthyThread.join(30_000);
            for (SlowLoris loris : lorises) {
                assertThat(loris.closedByServer.get()).as("a slow-loris connection is closed by the server")
                        .isNotNull();
                assertThat(loris.closedByServer.get()).as("within its timeout")
                        .isLessThan(IDLE_TIMEOUT.plus(HANDSHAKE_TIMEOUT).plusSeconds(3));
            }

            assertThat(healthy.failures).as("healthy client failures").isEmpty();
            assertThat(healthy.acknowledged).as("healthy client made progress").isNotEmpty();
            healthy.verifyEverythingReadsBack(harness);
            try (RemoteBroker late = harness.client()) {
                assertThat(late.publish(HEALTHY_TOPIC, NewRecord.of("late", new byte[] {1})).join()).isNotNull();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (harness.server.openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(harness.server.openConnections()).as("connections left open by the server").isZero();
            long heapGrowth = usedHeapAfterGc() - heapBefore;
            System.out.printf("FuzzProtocolTests: seed=%d iterations=%d outcomes=%s healthy=%d records heap growth=%d KiB%n",
                    seed, iterations, outcomes, healthy.acknowledged.size(), heapGrowth / 1024);
            assertThat(heapGrowth).as("heap growth after the run").isLessThan(64L * 1024 * 1024);
            assertThat(uncaught).as("exceptions that escaped server threads").isEmpty();
        }
        finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    /** One hostile connection: what it sends is chosen by {@code random}. */
    private static void attack(ServerHarness harness, Random random, Outcomes outcomes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", harness.server.port())) {
            socket.setSoTimeout(150);
            OutputStream out = socket.getOutputStream();
            int kind = random.nextInt(8);
            try {
                switch (kind) {
                    case 0 -> out.write(randomBytes(random, random.nextInt(2048)));
                    case 1 -> {
                        out.write(handshake());
                        out.write(randomBytes(random, random.nextInt(2048)));
                    }
                    case 2 -> {
                        out.write(handshake());
                        for (int i = 1 + random.nextInt(4); i > 0; i--) {
                            out.write(mutate(random, template(random)));
                        }
                    }
                    case 3 -> out.write(mutate(random, random.nextBoolean()
                            ? Frames.encodeRequest(random.nextInt(), new Request.Handshake(random.nextInt(), randomText(random)))
                            : handshake()));
                    case 4 -> {
                        out.write(handshake());
                        byte[] frame = template(random);
                        out.write(Arrays.copyOf(frame, random.nextInt(frame.length)));
                    }
                    case 5 -> {
                        out.write(handshake());
                        int length = random.nextBoolean() ? MAX_FRAME + 1 + random.nextInt(Integer.MAX_VALUE - MAX_FRAME - 1)
                                : -1 - random.nextInt(Integer.MAX_VALUE);
                        out.write(ByteBuffer.allocate(4).putInt(length).array());
                    }
                    case 6 -> {
                        out.write(handshake());
                        for (int i = random.nextInt(50); i > 0; i--) {
                            out.write(template(random));
                        }
                    }
                    default -> {
                        // A wrong version or token, well formed.
                        out.write(Frames.encodeRequest(1, new Request.Handshake(
                                random.nextBoolean() ? Frames.VERSION + 1 + random.nextInt(100) : -random.nextInt(100),
                                random.nextBoolean() ? null : randomText(random))));
                    }
                }
                out.flush();
            }
            catch (IOException closedByServer) {
                outcomes.writeRefused.incrementAndGet();
                return;
            }
            drain(socket.getInputStream(), outcomes);
        }
    }

    /** Reads what the server answers until it closes the connection or goes quiet. */
    private static void drain(InputStream in, Outcomes outcomes) {
        byte[] buffer = new byte[8192];
        try {
            while (in.read(buffer) >= 0) {
                // answers and error frames: only their end matters
            }
            outcomes.closedByServer.incrementAndGet();
        }
        catch (SocketTimeoutException quiet) {
            outcomes.leftOpen.incrementAndGet();
        }
        catch (IOException reset) {
            outcomes.closedByServer.incrementAndGet();
        }
    }

    private static byte[] handshake() {
        return Frames.encodeRequest(0, new Request.Handshake(Frames.VERSION, null));
    }

    /** A valid request of a random kind, on the fuzz topic, to mutate. */
    private static byte[] template(Random random) {
        TopicPartition partition = new TopicPartition("fuzz", random.nextInt(4));
        Request<?> request = switch (random.nextInt(12)) {
            case 0 -> new Request.CreateTopic("fuzz", 1 + random.nextInt(4));
            case 1 -> new Request.DescribeTopic("fuzz");
            case 2 -> new Request.Publish("fuzz", List.of(new NewRecord(randomText(random),
                    Map.of("h", randomText(random)), randomBytes(random, random.nextInt(512)), Instant.now())));
            case 3 -> new Request.Read(partition, random.nextInt(10), 1 + random.nextInt(100));
            case 4 -> new Request.Offsets(partition);
            case 5 -> new Request.CommittedOffset("fuzz-group", partition);
            case 6 -> new Request.JoinGroup("fuzz-group", List.of("fuzz"));
            case 7 -> new Request.Poll(random.nextInt(3), 1 + random.nextInt(10), random.nextInt(50));
            case 8 -> new Request.Commit(random.nextInt(3), Map.of(partition, (long) random.nextInt(10)));
            case 9 -> new Request.Release(random.nextInt(3), List.of(partition));
            case 10 -> new Request.Heartbeat(random.nextInt(3));
            default -> new Request.LeaveGroup(random.nextInt(3));
        };
        return Frames.encodeRequest(random.nextInt(), request);
    }

    /** {@code frame} with a few random bit flips, overwritten bytes, cuts, insertions or a forged length. */
    private static byte[] mutate(Random random, byte[] frame) {
        byte[] mutated = frame.clone();
        for (int i = 1 + random.nextInt(4); i > 0 && mutated.length > 0; i--) {
            int at = random.nextInt(mutated.length);
            switch (random.nextInt(6)) {
                case 0 -> mutated[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> mutated[at] = (byte) random.nextInt(256);
                case 2 -> mutated = Arrays.copyOf(mutated, at);
                case 3 -> {
                    byte[] longer = new byte[mutated.length + 1 + random.nextInt(16)];
                    System.arraycopy(mutated, 0, longer, 0, at);
                    System.arraycopy(mutated, at, longer, longer.length - (mutated.length - at), mutated.length - at);
                    mutated = longer;
                }
                case 4 -> {
                    // a field length or count somewhere in the body set to an extreme
                    if (mutated.length >= 9) {
                        int field = 4 + random.nextInt(mutated.length - 8);
                        ByteBuffer.wrap(mutated).putInt(field, random.nextBoolean() ? Integer.MAX_VALUE
                                : random.nextBoolean() ? -2 : random.nextInt());
                    }
                }
                default -> {
                    // the frame's own length made to disagree with its body
                    if (mutated.length >= 4) {
                        ByteBuffer.wrap(mutated).putInt(0, random.nextInt(MAX_FRAME + 10));
                    }
                }
            }
        }
        return mutated;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(20); i > 0; i--) {
            text.appendCodePoint(random.nextInt(5) == 0 ? random.nextInt(0x10FFFF) : 'a' + random.nextInt(26));
        }
        // unpaired surrogates cannot be encoded: keep the text well formed so only the mutations are not
        return new String(text.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A client that publishes and reads correctly all along, and remembers what was acknowledged. */
    private static final class HealthyClient implements Runnable {

        final ServerHarness harness;
        final AtomicBoolean stop = new AtomicBoolean();
        final Map<RecordPosition, byte[]> acknowledged = new ConcurrentHashMap<>();
        final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

        HealthyClient(ServerHarness harness) {
            this.harness = harness;
        }

        @Override
        public void run() {
            try (RemoteBroker client = harness.client()) {
                for (int n = 0; !stop.get() || n < 20; n++) {
                    byte[] value = ("value-" + n + "-" + "x".repeat(n % 97)).getBytes(StandardCharsets.UTF_8);
                    RecordPosition position = client.publish(HEALTHY_TOPIC, NewRecord.of("key-" + n % 7, value)).join();
                    acknowledged.put(position, value);
                    if (n % 10 == 9) {
                        List<StoredRecord> read = client.read(position.partition(), position.offset(), 1);
                        if (read.size() != 1 || !Arrays.equals(read.get(0).value(), value)) {
                            failures.add("read back of " + position + " gave " + read);
                        }
                    }
                }
            }
            catch (RuntimeException ex) {
                failures.add(ex.toString());
            }
        }

        void verifyEverythingReadsBack(ServerHarness harness) {
            try (RemoteBroker client = harness.client()) {
                for (Map.Entry<RecordPosition, byte[]> entry : acknowledged.entrySet()) {
                    List<StoredRecord> read = client.read(entry.getKey().partition(), entry.getKey().offset(), 1);
                    assertThat(read).as("record at " + entry.getKey()).hasSize(1);
                    assertThat(read.get(0).value()).as("record at " + entry.getKey()).isEqualTo(entry.getValue());
                }
            }
        }
    }

    /**
     * Sends a frame a byte at a time, slowly: before the handshake, or after it. The server must close it
     * on its handshake or idle timeout; {@link #closedByServer} says after how long.
     */
    private static final class SlowLoris implements Runnable {

        final ServerHarness harness;
        final Random random;
        final boolean handshakeFirst;
        final java.util.concurrent.atomic.AtomicReference<Duration> closedByServer = new java.util.concurrent.atomic.AtomicReference<>();

        SlowLoris(ServerHarness harness, Random random, boolean handshakeFirst) {
            this.harness = harness;
            this.random = random;
            this.handshakeFirst = handshakeFirst;
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            try (Socket socket = new Socket("127.0.0.1", harness.server.port())) {
                socket.setSoTimeout(100);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                if (handshakeFirst) {
                    out.write(handshake());
                    out.flush();
                }
                byte[] frame = template(random);
                for (int i = 0; Duration.ofNanos(System.nanoTime() - start).getSeconds() < 10; i = Math.min(i + 1, frame.length - 1)) {
                    out.write(frame[i]);
                    out.flush();
                    try {
                        if (in.read(new byte[4096]) < 0) {
                            break;
                        }
                    }
                    catch (SocketTimeoutException stillOpen) {
                        // keep dripping
                    }
                }
            }
            catch (IOException closed) {
                // reset by the server
            }
            Duration open = Duration.ofNanos(System.nanoTime() - start);
            if (open.getSeconds() < 10) {
                closedByServer.set(open);
            }
        }
    }

    private static final class Outcomes {

        final AtomicLong closedByServer = new AtomicLong();
        final AtomicLong leftOpen = new AtomicLong();
        final AtomicInteger writeRefused = new AtomicInteger();

        @Override
        public String toString() {
            return "{closedByServer=" + closedByServer + ", quietThenClosedByUs=" + leftOpen + ", writeRefused="
                    + writeRefused + "}";
        }
    }

    private static final class Queue extends ConcurrentLinkedQueue<String> {
    }
}
