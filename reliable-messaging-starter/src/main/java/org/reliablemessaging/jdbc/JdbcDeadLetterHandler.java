package org.reliablemessaging.jdbc;

import java.time.Clock;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.DeadLetter.Status;
import org.reliablemessaging.internal.FailureDescription;
import org.reliablemessaging.spi.DeadLetterHandler;
import org.reliablemessaging.spi.FailedMessage;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps dead letters in the {@code dead_letter} table, where {@link JdbcDeadLetters} lists, replays
 * and skips them.
 *
 * <p>Each letter commits in a transaction of its own before {@link #deadLetter} returns: the
 * message is acknowledged right after, so the row must not depend on the pool's auto-commit or
 * on a listener transaction that may roll back.
 */
public final class JdbcDeadLetterHandler implements DeadLetterHandler {

    private static final int MAX_KEY = 255;

    private static final int MAX_ID = 64;

    private static final int MAX_TYPE = 255;

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transaction;

    private final OutboxDialect dialect;

    private final Clock clock;

    private final String insert;

    public JdbcDeadLetterHandler(OutboxDatabase database, Clock clock) {
        OutboxTables tables = database.tables();
        this.jdbc = database.jdbc();
        this.transaction = database.newTransaction();
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.dialect = database.dialect();
        this.clock = clock;
        this.insert = "INSERT INTO " + tables.deadLetter() + " (group_name, topic, msg_key, message_id, type, headers, "
                + "payload, error_class, error_message, stack_excerpt, attempts, first_failed_at, last_failed_at, "
                + "status, failure_group) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    /**
     * A message from another producer may carry anything; a letter that does not fit its columns
     * would never be stored and its message never acknowledged, so values are cut to fit and NUL
     * characters, which PostgreSQL refuses in text, replaced.
     */
    private static @Nullable String fit(@Nullable String value, int max) {
        if (value == null) {
            return null;
        }
        String text = value.replace('\u0000', '\uFFFD');
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }

    @Override
    public void deadLetter(FailedMessage failed) {
        InboundMessage message = failed.message();
        FailureDescription failure = FailureDescription.of(failed.error());
        String failureGroup = FailureFingerprint.of(failure.errorClass(), failure.errorMessage(),
                failure.stackExcerpt()).fingerprint();
        // The record leaves the times open; a letter without them must still be kept, not refused.
        Instant lastFailedAt = failed.lastFailedAt() != null ? failed.lastFailedAt() : clock.instant();
        Instant firstFailedAt = failed.firstFailedAt() != null ? failed.firstFailedAt() : lastFailedAt;
        transaction.executeWithoutResult(status -> jdbc.update(insert, statement -> {
            statement.setString(1, failed.group());
            statement.setString(2, message.topic());
            statement.setString(3, fit(message.key(), MAX_KEY));
            statement.setString(4, fit(message.messageId(), MAX_ID));
            statement.setString(5, fit(message.type(), MAX_TYPE));
            statement.setString(6, HeadersJson.write(message.headers()));
            statement.setBytes(7, message.payload());
            statement.setString(8, failure.errorClass());
            statement.setString(9, failure.errorMessage());
            statement.setString(10, failure.stackExcerpt());
            statement.setInt(11, failed.attempts());
            dialect.setInstant(statement, 12, firstFailedAt);
            dialect.setInstant(statement, 13, lastFailedAt);
            statement.setString(14, Status.DEAD.name());
            statement.setString(15, failureGroup);
        }));
    }
}
