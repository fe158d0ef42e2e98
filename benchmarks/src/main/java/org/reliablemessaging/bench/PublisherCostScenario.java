package org.reliablemessaging.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.reliablemessaging.ReliablePublisher;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Scenario 7: what publishing costs the caller's transaction. A business transaction inserts one order row;
 * with the outbox it also publishes one message in the same transaction (its key distinct per transaction, or
 * one hot key shared by all); on PostgreSQL and MariaDB, the relay off so that only the publisher is measured.
 */
final class PublisherCostScenario implements Scenario {

    static final String MARIADB = System.getProperty("bench.mariadb", "jdbc:mariadb://127.0.0.1:3306/");

    @Override
    public String name() {
        return "publisher";
    }

    @Override
    public void run(Harness harness) throws Exception {
        Options options = harness.options;
        double seconds = options.doubleValue("publisher.seconds", 10, 2);
        int threads = options.intValue("publisher.threads", 8, 4);
        Section section = harness.section("publisher", "7. The publisher's cost to the caller's transaction",
                String.format(Locale.ROOT, "%d threads, each running transactions back to back for %.0f s (closed loop) "
                        + "through Spring's `TransactionTemplate` and HikariCP (pool %d): insert one order row (a UUID, a "
                        + "customer, an amount), and with `publish` also one message of about 200 bytes (a JSON record) to "
                        + "one topic, keyed by the order (distinct keys) or by one key for all (hot key, every transaction "
                        + "then takes the same `rm_outbox_key` row lock for its sequence). Relay off. Latency: each "
                        + "transaction, begin to commit.", threads, seconds, threads));
        for (String db : options.values.getOrDefault("publisher.databases", "postgresql,mariadb").split(",")) {
            try (Schema schema = Schema.create(db.strip())) {
                for (String variant : new String[] {"no publish", "publish, distinct keys", "publish, hot key"}) {
                    harness.measure(schema.label + ", " + variant, String.format(Locale.ROOT, "%d threads, %.0f s", threads,
                            seconds), warmup -> drive(schema, variant, threads, warmup ? seconds / 4 : seconds));
                }
            }
            Double ratio = section.throughputRatio(db + ": distinct keys / no publish", labelOf(db)
                    + ", publish, distinct keys", labelOf(db) + ", no publish");
            section.throughputRatio(db + ": hot key / no publish", labelOf(db) + ", publish, hot key",
                    labelOf(db) + ", no publish");
            CaseResult plain = section.find(labelOf(db) + ", no publish");
            CaseResult distinct = section.find(labelOf(db) + ", publish, distinct keys");
            if (ratio != null && plain != null && distinct != null) {
                section.targets.add(Section.Target.check("Publishing costs ≤ 30 % of the transaction's throughput, "
                        + "distinct keys (" + labelOf(db) + ")", String.format(Locale.ROOT, "%.0f %% of the throughput "
                                + "kept; p50 %+.2f ms, p99 %+.2f ms", ratio * 100,
                                distinct.percentileMillis(50) - plain.percentileMillis(50),
                                distinct.percentileMillis(99) - plain.percentileMillis(99)), ratio >= 0.7));
            }
        }
    }

    private static String labelOf(String db) {
        return db.equals("mariadb") ? "MariaDB" : "PostgreSQL";
    }

    private static RunResult drive(Schema schema, String variant, int threads, double seconds) throws Exception {
        Map<String, Object> properties = schema.properties(threads);
        try (ConfigurableApplicationContext app = Apps.start(PublisherApp.class, properties)) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            ReliablePublisher publisher = app.getBean(ReliablePublisher.class);
            TransactionTemplate transactions = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
            Latency latency = new Latency();
            AtomicLong done = new AtomicLong();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long start = System.nanoTime();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(Thread.ofPlatform().name("bench-business-" + t).start(() -> {
                    while (System.nanoTime() < end) {
                        long began = System.nanoTime();
                        UUID order = UUID.randomUUID();
                        transactions.executeWithoutResult(status -> {
                            jdbc.update("INSERT INTO bench_order (id, customer, amount) VALUES (?, ?, ?)",
                                    order.toString(), "customer-" + (order.hashCode() & 1023), 4200);
                            if (!variant.equals("no publish")) {
                                publisher.publish("orders", variant.endsWith("hot key") ? "hot" : order.toString(),
                                        new OrderPlaced(order.toString(), "customer-" + (order.hashCode() & 1023), 4200,
                                                "EUR", "2026-12-06T20:00:00Z"));
                            }
                        });
                        latency.recordNanos(System.nanoTime() - began);
                        done.incrementAndGet();
                    }
                }));
            }
            for (Thread worker : workers) {
                worker.join();
            }
            return RunResult.of(done.get(), (System.nanoTime() - start) / 1e9, latency.take(), 0);
        }
    }

    /** The event a business transaction publishes. */
    record OrderPlaced(String orderId, String customer, long amountCents, String currency, String placedAt) {
    }

    /** A fresh schema (PostgreSQL) or database (MariaDB) with the business table, dropped at the end. */
    private record Schema(String label, String url, String user, String drop) implements AutoCloseable {

        static Schema create(String db) throws SQLException {
            String name = "bench_pub_" + Long.toString(System.nanoTime(), 36);
            String table = "CREATE TABLE bench_order (id VARCHAR(36) PRIMARY KEY, customer VARCHAR(64) NOT NULL, "
                    + "amount BIGINT NOT NULL)";
            return switch (db) {
                case "postgresql" -> {
                    Postgres.execute("CREATE SCHEMA " + name);
                    Schema schema = new Schema("PostgreSQL", Postgres.SERVER + "?currentSchema=" + name, Postgres.USER,
                            "DROP SCHEMA IF EXISTS " + name + " CASCADE");
                    schema.execute(table);
                    yield schema;
                }
                case "mariadb" -> {
                    try (Connection connection = DriverManager.getConnection(MARIADB, "root", "");
                            Statement statement = connection.createStatement()) {
                        statement.execute("CREATE DATABASE " + name);
                    }
                    Schema schema = new Schema("MariaDB", MARIADB + name, "root", "DROP DATABASE IF EXISTS " + name);
                    schema.execute(table);
                    yield schema;
                }
                default -> throw new IllegalArgumentException("--publisher.databases takes postgresql and mariadb, not "
                        + db);
            };
        }

        Map<String, Object> properties(int threads) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("spring.datasource.url", url);
            properties.put("spring.datasource.username", user);
            properties.put("spring.datasource.hikari.maximum-pool-size", Integer.toString(threads));
            properties.put("reliable-messaging.relay.enabled", "false");
            properties.put("reliable-messaging.transport", "kafka");
            properties.put("spring.kafka.bootstrap-servers", KafkaBroker.bootstrap());
            properties.put("spring.main.banner-mode", "off");
            properties.put("spring.jmx.enabled", "false");
            return properties;
        }

        void execute(String sql) throws SQLException {
            try (Connection connection = DriverManager.getConnection(url, user, "");
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }

        @Override
        public void close() throws SQLException {
            String server = label.equals("MariaDB") ? MARIADB : Postgres.SERVER;
            try (Connection connection = DriverManager.getConnection(server, user, "");
                    Statement statement = connection.createStatement()) {
                statement.execute(drop);
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class PublisherApp {
    }
}
