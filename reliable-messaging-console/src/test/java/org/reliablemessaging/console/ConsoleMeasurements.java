package org.reliablemessaging.console;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A one-off measurement, not a test (its name keeps it out of every test run; run it with
 * {@code -Dtest=ConsoleMeasurements}): how long filters over 100,000 dead letters take through the
 * API on PostgreSQL, and a bulk replay of 10,000 of them. It prints the times; it asserts none.
 */
@TestPropertySource(properties = { "reliable-messaging.console.batch-size=500",
        "reliable-messaging.console.max-page-size=500" })
class ConsoleMeasurements extends ConsoleTestSupport {

    private static final TestDatabase DATABASE = TestDatabases.postgres();

    private static final int LETTERS = 100_000;

    private static final int REPLAYED = 10_000;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database(registry, DATABASE);
    }

    @Test
    void measure() throws Exception {
        fill();
        List<String> lines = new ArrayList<>();
        lines.add("load average before: " + Files.readString(Path.of("/proc/loadavg")).trim());
        for (String query : List.of("/dead-letters?limit=50", "/dead-letters?limit=50&count=true",
                "/dead-letters?group=group-3&topic=topic-2&limit=50&count=true",
                "/dead-letters?failureGroup=fg00000007&limit=50&count=true",
                "/dead-letters?text=timeout%20after%2042&limit=50", "/dead-letters?text=no-such-text&limit=50",
                "/dead-letters/failure-groups?limit=50")) {
            readOk(query);
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                readOk(query);
                millis.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
            }
            lines.add("GET " + query + ": " + millis.stream().sorted().toList().get(2) + " ms (median of 5: " + millis
                    + ")");
        }
        long started = System.nanoTime();
        Response replay = writeOk("/dead-letters/replay", Map.of("filter", Map.of("failureGroup", "fg-replay")));
        long replayMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        lines.add("POST replay of " + replay.body().get("changed").asLong() + " letters (filter failureGroup): "
                + replayMillis + " ms");
        lines.add("load average after: " + Files.readString(Path.of("/proc/loadavg")).trim());
        lines.forEach(System.out::println);
        Files.write(Path.of("target/console-measurements.txt"), lines, StandardCharsets.UTF_8);
    }

    /** 100,000 letters over 10 groups, 5 topics and 20 failure groups, 10,000 of them in one more to replay. */
    private void fill() {
        String sql = "INSERT INTO " + db.tables().deadLetter() + " (group_name, topic, msg_key, message_id, type, headers, "
                + "payload, error_class, error_message, stack_excerpt, attempts, first_failed_at, last_failed_at, status, "
                + "failure_group) VALUES (?, ?, ?, ?, 'order-placed', '{\"tenant\":\"acme\"}', ?, "
                + "'java.lang.IllegalStateException', ?, ?, 5, ?, ?, 'DEAD', ?)";
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        byte[] payload = "{\"sku\":\"sku-1\",\"quantity\":2}".getBytes(StandardCharsets.UTF_8);
        for (int chunk = 0; chunk < LETTERS; chunk += 5000) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = chunk; i < chunk + 5000; i++) {
                Timestamp at = Timestamp.from(base.plusSeconds(i));
                rows.add(new Object[] { "group-" + (i % 10), "topic-" + (i % 5), "sku-" + (i % 997),
                        UUID.randomUUID().toString(), payload, "timeout after " + (i % 100) + " ms on node " + i,
                        "java.lang.IllegalStateException: timeout\n\tat com.acme.Stock.reserve(Stock.java:1)\n", at, at,
                        i < REPLAYED ? "fg-replay" : "fg" + String.format("%08d", i % 20) });
            }
            db.jdbc().batchUpdate(sql, rows);
        }
        db.jdbc().execute("ANALYZE " + db.tables().deadLetter());
    }
}
