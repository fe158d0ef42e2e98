package org.reliablemessaging.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Configurations and file helpers shared by the broker tests. */
public final class TestBrokers {

    public static final long SEGMENT_BYTES = 64 * 1024;

    private TestBrokers() {
    }

    /** Small segments, so tests roll over quickly; checkpoints only when a test asks for one. */
    public static BrokerConfig small(Path directory) {
        return BrokerConfig.defaults(directory).withMaxRecordBytes(8 * 1024).withSegmentBytes(SEGMENT_BYTES)
                .withDefaultPartitions(4).withCheckpointInterval(Duration.ofHours(1))
                .withSessionTimeout(Duration.ofMillis(500));
    }

    public static NewRecord record(String key, String value) {
        return NewRecord.of(key, value.getBytes(StandardCharsets.UTF_8));
    }

    public static String text(StoredRecord record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    /** Publishes {@code count} records with values {@code prefix-i}, one at a time, each acknowledged. */
    public static List<RecordPosition> publish(BrokerClient broker, String topic, String key, String prefix, int count) {
        List<RecordPosition> positions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            positions.add(broker.publish(topic, record(key, prefix + "-" + i)).join());
        }
        return positions;
    }

    /** Publishes without waiting between records, then waits for all. */
    public static List<RecordPosition> publishAll(BrokerClient broker, String topic, String key, String prefix, int count) {
        List<CompletableFuture<RecordPosition>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(broker.publish(topic, record(key, prefix + "-" + i)));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    /** Everything in a partition, read in chunks. */
    public static List<StoredRecord> readAll(BrokerClient broker, TopicPartition partition) {
        List<StoredRecord> records = new ArrayList<>();
        long next = broker.offsets(partition).start();
        for (List<StoredRecord> chunk = broker.read(partition, next, 100); !chunk.isEmpty();
                chunk = broker.read(partition, next, 100)) {
            records.addAll(chunk);
            next = chunk.getLast().offset() + 1;
        }
        return records;
    }

    /** A copy of the directory's files as a crash would leave them: no final checkpoint, no lock. */
    public static Path crashCopy(Path directory, Path target) {
        try {
            Files.createDirectories(target);
            try (var files = Files.list(directory)) {
                for (Path file : files.filter(f -> !f.getFileName().toString().equals("broker.lock")).toList()) {
                    Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The segment files, oldest first. */
    public static List<Path> segments(Path directory) {
        return list(directory, ".log");
    }

    public static List<Path> checkpoints(Path directory) {
        return list(directory, ".ckpt");
    }

    private static List<Path> list(Path directory, String suffix) {
        try (var files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
