package org.reliablemessaging.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The limits the relay is measured against, each doing one half of the relay's work with nothing else: the
 * bare database loop (claim a batch of pending outbox rows, as the relay's statement reads them, then delete
 * them) and, at the same time in two threads, that loop and the bare Kafka send loop (the co-located limit:
 * both halves sharing the two cores, as the relay must).
 */
final class RelayLimits {

    private static final String CLAIM = "SELECT o.id, o.message_id, o.topic, o.msg_key, o.seq, o.type, o.headers, "
            + "o.payload, o.created_at, o.expires_at, o.attempts, k.held_by FROM rm_outbox o LEFT JOIN rm_outbox_key k "
            + "ON k.topic = o.topic AND k.msg_key = o.msg_key WHERE o.status = 'PENDING' AND (o.available_at IS NULL "
            + "OR o.available_at <= now()) AND (k.held_by IS NULL OR o.id <= k.held_by) ORDER BY o.id LIMIT ?";

    private RelayLimits() {
    }

    /** Claims and deletes {@code rows} pre-filled rows of 1 KiB, {@code batchSize} at a time. */
    static RunResult databaseLoop(int rows, int batchSize, String payload) throws Exception {
        try (Postgres database = filled(rows, payload)) {
            CpuMeter cpu = CpuMeter.start(database);
            long start = System.nanoTime();
            long done = drain(database, batchSize);
            return cpu.addTo(RunResult.of(done, (System.nanoTime() - start) / 1e9, null, 0));
        }
    }

    /** The database loop and the bare send loop at once, {@code rows} each; done when both are. */
    static RunResult coLocated(int rows, int batchSize, String payload, int payloadBytes) throws Exception {
        try (Postgres database = filled(rows, payload); ExecutorService both = Executors.newFixedThreadPool(2)) {
            CpuMeter cpu = CpuMeter.start(database);
            long start = System.nanoTime();
            List<Future<?>> halves = new ArrayList<>();
            halves.add(both.submit((Callable<Long>) () -> drain(database, batchSize)));
            halves.add(both.submit((Callable<RunResult>) () -> RelayScenario.bareLoop(rows, payloadBytes)));
            for (Future<?> half : halves) {
                half.get();
            }
            return cpu.addTo(RunResult.of(rows, (System.nanoTime() - start) / 1e9, null, 0));
        }
    }

    private static Postgres filled(int rows, String payload) throws Exception {
        Postgres database = Postgres.newSchema("bench_limit");
        Map<String, Object> properties = Apps.postgresAndKafka(database);
        properties.put("reliable-messaging.transport", "kafka");
        properties.put("reliable-messaging.relay.enabled", "false");
        try (ConfigurableApplicationContext filler = Apps.start(RelayScenario.RelayApp.class, properties)) {
            new Outbox(filler).fill("bench-limit", rows, 1000, payload);
        }
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE rm_outbox");
        }
        return database;
    }

    /** Claims (a transaction of its own, sort off as the relay sets it) and deletes until no row is left. */
    private static long drain(Postgres database, int batchSize) throws SQLException {
        long done = 0;
        try (Connection connection = database.connect();
                PreparedStatement claim = connection.prepareStatement(CLAIM);
                PreparedStatement delete = connection.prepareStatement("DELETE FROM rm_outbox WHERE id = ANY (?)");
                Statement sortOff = connection.createStatement()) {
            connection.setAutoCommit(false);
            claim.setInt(1, batchSize);
            while (true) {
                sortOff.execute("SET LOCAL enable_sort = off");
                List<Long> ids = new ArrayList<>(batchSize);
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        rs.getBytes(8);
                    }
                }
                connection.commit();
                if (ids.isEmpty()) {
                    return done;
                }
                delete.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
                delete.executeUpdate();
                connection.commit();
                done += ids.size();
            }
        }
    }
}
