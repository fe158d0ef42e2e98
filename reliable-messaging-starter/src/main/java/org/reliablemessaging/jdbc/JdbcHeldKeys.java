package org.reliablemessaging.jdbc;

import java.lang.management.ManagementFactory;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.spi.HeldKeys;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link HeldKeys} in the {@code held_key} table, shared by every instance of the service.
 *
 * <p>Each write commits on its own (the pool's auto-commit may be off). A database that cannot be
 * reached is logged and the listener retries as if nothing were recorded: what is held back must
 * never depend on this table. A row of an instance that died expires a minute after its next
 * attempt was due: readers leave it out, and the operations console deletes it.
 */
public final class JdbcHeldKeys implements HeldKeys {

    /** How long after its next attempt was due a row counts as left behind by a dead instance. */
    public static final Duration EXPIRY_GRACE = Duration.ofMinutes(1);

    /** How old the requests read for all of this instance's held keys may be. */
    static final Duration REQUESTS_MAX_AGE = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(JdbcHeldKeys.class);

    private static final int MAX_KEY = 255;

    private static final int MAX_ID = 64;

    private static final int MAX_ERROR = 2000;

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transaction;

    private final OutboxDialect dialect;

    private final String table;

    private final String instanceId;

    private final Clock clock;

    private Map<Long, String> requests = Map.of();

    private long requestsReadAt = System.nanoTime() - REQUESTS_MAX_AGE.toNanos();

    public JdbcHeldKeys(OutboxDatabase database, Clock clock) {
        this.jdbc = database.jdbc();
        this.transaction = database.newTransaction();
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        // No gap locks (MySQL): listeners of many keys insert at once.
        this.transaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.dialect = database.dialect();
        this.table = database.tables().heldKey();
        this.instanceId = ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString()
            .substring(0, 8);
        this.clock = clock;
    }

    /** The name this instance's rows carry: pid@host plus a random suffix. */
    public String instanceId() {
        return instanceId;
    }

    @Override
    public @Nullable Hold hold(String group, InboundMessage message, int attempts, Instant nextAttemptAt,
            Throwable error, @Nullable Hold previous) {
        String lastError = clip(error.toString(), MAX_ERROR);
        try {
            return transaction.execute(status -> previous != null ? update(previous, attempts, nextAttemptAt, lastError)
                    : insert(group, message, attempts, nextAttemptAt, lastError));
        }
        catch (DataAccessException ex) {
            log.warn("Could not record that group {} holds key {} back while it retries message {}; the retry goes on "
                    + "unrecorded: {}", group, message.key(), message.messageId(), ex.toString());
            return previous;
        }
    }

    private Hold update(Hold hold, int attempts, Instant nextAttemptAt, String lastError) {
        jdbc.update("UPDATE " + table + " SET attempts = ?, next_attempt_at = ?, expires_at = ?, last_error = ? "
                + "WHERE id = ?", ps -> {
                    ps.setInt(1, attempts);
                    dialect.setInstant(ps, 2, nextAttemptAt);
                    dialect.setInstant(ps, 3, nextAttemptAt.plus(EXPIRY_GRACE));
                    ps.setString(4, lastError);
                    ps.setLong(5, hold.id());
                });
        return hold;
    }

    private Hold insert(String group, InboundMessage message, int attempts, Instant nextAttemptAt, String lastError) {
        Instant now = clock.instant();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("INSERT INTO " + table + " (group_name, topic, msg_key, "
                    + "message_id, instance_id, attempts, since, next_attempt_at, expires_at, last_error) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] { "id" });
            ps.setString(1, group);
            ps.setString(2, message.topic());
            ps.setString(3, clipOrNull(message.key(), MAX_KEY));
            ps.setString(4, clipOrNull(message.messageId(), MAX_ID));
            ps.setString(5, instanceId);
            ps.setInt(6, attempts);
            dialect.setInstant(ps, 7, now);
            dialect.setInstant(ps, 8, nextAttemptAt);
            dialect.setInstant(ps, 9, nextAttemptAt.plus(EXPIRY_GRACE));
            ps.setString(10, lastError);
            return ps;
        }, key);
        return new Hold(Objects.requireNonNull(key.getKeyAs(Number.class), "the database returns the new row's id")
            .longValue());
    }

    /**
     * Read from this instance's requests, which one query reads at most every {@link #REQUESTS_MAX_AGE},
     * however many keys it holds back: an outage that holds thousands of keys must not turn their
     * waits into a flood of queries.
     */
    @Override
    public @Nullable String deadLetterRequest(Hold hold) {
        return requests().get(hold.id());
    }

    private synchronized Map<Long, String> requests() {
        long now = System.nanoTime();
        if (now - requestsReadAt < REQUESTS_MAX_AGE.toNanos()) {
            return requests;
        }
        try {
            Map<Long, String> read = new HashMap<>();
            jdbc.query("SELECT id, dead_letter_requested_by, dead_letter_reason FROM " + table + " WHERE instance_id = ? "
                    + "AND dead_letter_requested_at IS NOT NULL", row -> {
                        read.put(row.getLong("id"), "Dead-lettered by " + row.getString("dead_letter_requested_by")
                                + " through the operations console: " + row.getString("dead_letter_reason"));
                    }, instanceId);
            requests = read;
        }
        catch (DataAccessException ex) {
            log.warn("Could not look for requests to dead-letter held messages; retries go on: {}", ex.toString());
        }
        requestsReadAt = now;
        return requests;
    }

    @Override
    public void release(Hold hold) {
        try {
            transaction.executeWithoutResult(status -> jdbc.update("DELETE FROM " + table + " WHERE id = ?", hold.id()));
        }
        catch (DataAccessException ex) {
            log.warn("Could not delete held-key row {}; it expires on its own: {}", hold.id(), ex.toString());
        }
    }

    private static @Nullable String clipOrNull(@Nullable String value, int max) {
        return value == null ? null : clip(value, max);
    }

    private static String clip(String value, int max) {
        String text = value.replace('\u0000', '\uFFFD');
        return text.length() <= max ? text : text.substring(0, Character.isHighSurrogate(text.charAt(max - 1))
                ? max - 1 : max);
    }
}
