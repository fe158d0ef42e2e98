package org.reliablemessaging.broker.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.reliablemessaging.broker.LogCorruptedException;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.RecordPosition;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicDescription;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.broker.TestBrokers;


/**
 * Damages a broker's files at random, the way disks and crashes do: truncation, zero-filled ranges and bit
 * flips in segments and checkpoints. Recovery must then either open, repairing a torn tail, or refuse with a
 * {@link LogCorruptedException}; a read may also refuse. It must never serve corrupt data: every record read
 * back after a successful open is one that was written at that offset, byte for byte.
 *
 * <p>Seeded: {@code -Dfuzz.seed=N} replays a run, {@code -Dfuzz.iterations=N} (default 40) makes it longer.
 */
class FuzzStorageTests {

    private static final String[] TOPICS = {"orders", "payments"};

    @TempDir
    Path root;

    /** What happened to one damaged directory. */
    enum Outcome { INTACT, REPAIRED_WITH_LOSS, REFUSED_AT_OPEN, REFUSED_AT_READ }

    @Test
    void damagedFilesAreRepairedOrRefusedButNeverServedCorrupt() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int iterations = Integer.getInteger("fuzz.iterations", 40);
        System.out.println("FuzzStorageTests: -Dfuzz.seed=" + seed + " -Dfuzz.iterations=" + iterations);
        Random seeds = new Random(seed);
        Map<Outcome, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> damages = new TreeMap<>();
        for (int i = 0; i < iterations; i++) {
            long iterationSeed = seeds.nextLong();
            List<String> applied = new ArrayList<>();
            try {
                Outcome outcome = run(root.resolve("run-" + i), new Random(iterationSeed), applied);
                outcomes.merge(outcome, 1, Integer::sum);
                applied.forEach(damage -> damages.merge(damage.replaceAll(" .*", ""), 1, Integer::sum));
                if (Boolean.getBoolean("fuzz.verbose")) {
                    System.out.println("FuzzStorageTests: iteration " + i + " " + applied + " -> " + outcome);
                }
            }
            catch (Throwable failure) {
                throw new AssertionError("storage fuzzing failed at iteration " + i + " after damage " + applied
                        + "; replay with -Dfuzz.seed=" + seed + " -Dfuzz.iterations=" + iterations + ": " + failure,
                        failure);
            }
            finally {
                deleteRecursively(root.resolve("run-" + i));
            }
        }
        System.out.printf("FuzzStorageTests: seed=%d iterations=%d outcomes=%s damages=%s%n", seed, iterations,
                outcomes, damages);
        assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(iterations);
    }

    private Outcome run(Path run, Random random, List<String> applied) throws IOException {
        Path directory = run.resolve("broker");
        Path damaged = run.resolve("damaged");
        boolean crash = random.nextBoolean();
        applied.add(crash ? "copied-while-open" : "copied-after-close");
        Map<TopicPartition, Map<Long, NewRecord>> written = write(directory, random, crash ? damaged : null);
        if (!crash) {
            TestBrokers.crashCopy(directory, damaged);
        }
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            applied.add(damage(damaged, random));
        }

        FileBroker broker;
        try {
            broker = FileBroker.open(TestBrokers.small(damaged));
        }
        catch (LogCorruptedException refused) {
            assertThat(refused.getMessage()).as("the refusal names a file or what is wrong").isNotBlank();
            return Outcome.REFUSED_AT_OPEN;
        }
        try (broker) {
            boolean lost = false;
            boolean refusedAtRead = false;
            for (Map.Entry<TopicPartition, Map<Long, NewRecord>> partition : written.entrySet()) {
                List<StoredRecord> read;
                try {
                    read = readAll(broker, partition.getKey());
                }
                catch (LogCorruptedException refused) {
                    refusedAtRead = true;
                    continue;
                }
                for (StoredRecord record : read) {
                    NewRecord original = partition.getValue().get(record.offset());
                    assertThat(original).as("a record at %s offset %d that was never written", partition.getKey(),
                            record.offset()).isNotNull();
                    assertThat(record.key()).as("key at %s", record.offset()).isEqualTo(original.key());
                    assertThat(record.headers()).as("headers at %s", record.offset()).isEqualTo(original.headers());
                    assertThat(record.value()).as("value at %s", record.offset()).isEqualTo(original.value());
                    assertThat(record.timestamp()).as("timestamp at %s", record.offset()).isEqualTo(original.timestamp());
                }
                lost |= read.size() < partition.getValue().size();
            }
            if (refusedAtRead) {
                return Outcome.REFUSED_AT_READ;
            }
            // What opened must also take new writes and serve them.
            RecordPosition next = broker.publish(TOPICS[0], record(random, "after-recovery")).join();
            assertThat(broker.read(next.partition(), next.offset(), 1)).hasSize(1)
                    .first().extracting(StoredRecord::key).isEqualTo("after-recovery");
            return lost ? Outcome.REPAIRED_WITH_LOSS : Outcome.INTACT;
        }
    }

    /**
     * Publishes records of random sizes to two topics, checkpointing at random, and returns them by position;
     * with a {@code crashCopy} directory, copies the files there before the broker closes, as a crash leaves them.
     */
    private static Map<TopicPartition, Map<Long, NewRecord>> write(Path directory, Random random, Path crashCopy) {
        Map<TopicPartition, Map<Long, NewRecord>> written = new HashMap<>();
        try (FileBroker broker = FileBroker.open(TestBrokers.small(directory))) {
            int batches = 1 + random.nextInt(5);
            for (int b = 0; b < batches; b++) {
                Map<CompletableFuture<RecordPosition>, NewRecord> pending = new LinkedHashMap<>();
                for (int i = 10 + random.nextInt(40); i > 0; i--) {
                    NewRecord record = record(random, "key-" + random.nextInt(20));
                    pending.put(broker.publish(TOPICS[random.nextInt(TOPICS.length)], record), record);
                }
                pending.forEach((future, record) -> {
                    RecordPosition position = future.join();
                    written.computeIfAbsent(position.partition(), p -> new HashMap<>()).put(position.offset(), record);
                });
                if (random.nextInt(3) == 0) {
                    broker.checkpointNow();
                }
            }
            if (crashCopy != null) {
                TestBrokers.crashCopy(directory, crashCopy);
            }
        }
        return written;
    }

    private static NewRecord record(Random random, String key) {
        byte[] value = new byte[1 + random.nextInt(random.nextBoolean() ? 100 : 3000)];
        random.nextBytes(value);
        value[value.length - 1] = (byte) (1 + random.nextInt(255));
        Map<String, String> headers = random.nextBoolean() ? Map.of() : Map.of("rm-id", Long.toString(random.nextLong()));
        return new NewRecord(key, headers, value, Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1_000_000),
                random.nextInt(1_000_000_000)));
    }

    /** One random damage to one random segment or checkpoint; returns what it did. */
    private static String damage(Path directory, Random random) throws IOException {
        List<Path> files = new ArrayList<>(TestBrokers.segments(directory));
        List<Path> checkpoints = TestBrokers.checkpoints(directory);
        if (!checkpoints.isEmpty() && random.nextInt(4) == 0) {
            files = new ArrayList<>(checkpoints);
        }
        Path file = files.get(random.nextInt(files.size()));
        long size = Files.size(file);
        long data = Math.max(1, endOfData(file));
        // Mostly where the data is: damage to the zero-filled rest of a pre-allocated segment proves little.
        long at = random.nextInt(5) == 0 ? (long) (random.nextDouble() * size) : (long) (random.nextDouble() * data);
        String name = file.getFileName().toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            switch (random.nextInt(3)) {
                case 0 -> {
                    channel.truncate(at);
                    return "truncate " + name + " at " + at;
                }
                case 1 -> {
                    int length = 1 + random.nextInt(random.nextBoolean() ? 16 : 4096);
                    channel.write(ByteBuffer.allocate((int) Math.min(length, Math.max(0, size - at))), at);
                    return "zero-fill " + name + " at " + at + " for " + length;
                }
                default -> {
                    int flips = 1 + random.nextInt(8);
                    for (int f = 0; f < flips; f++) {
                        long position = Math.min(size - 1, at + random.nextInt(64));
                        ByteBuffer one = ByteBuffer.allocate(1);
                        channel.read(one, position);
                        one.put(0, (byte) (one.get(0) ^ (1 << random.nextInt(8))));
                        channel.write(one.rewind(), position);
                    }
                    return "bit-flip " + name + " near " + at + " x" + flips;
                }
            }
        }
    }

    private static List<StoredRecord> readAll(FileBroker broker, TopicPartition partition) {
        Optional<TopicDescription> topic = broker.describeTopic(partition.topic());
        if (topic.isEmpty() || partition.partition() >= topic.get().partitions()) {
            return List.of();
        }
        return TestBrokers.readAll(broker, partition);
    }

    private static long endOfData(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return end;
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
