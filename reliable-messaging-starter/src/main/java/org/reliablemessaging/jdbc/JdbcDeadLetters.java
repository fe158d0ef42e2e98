package org.reliablemessaging.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.DeadLetter;
import org.reliablemessaging.DeadLetter.Status;
import org.reliablemessaging.DeadLetterQuery;
import org.reliablemessaging.DeadLetters;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.internal.MessageIds;
import org.reliablemessaging.spi.transport.Subscription;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link DeadLetters} kept by {@link JdbcDeadLetterHandler}; a replay writes an outbox row to
 * the group's retry topic and marks the letter replayed in one transaction, so the relay sends it
 * exactly when the letter is marked.
 *
 * <p>Replays and skips join the caller's transaction on the same {@link DataSource} if there is
 * one, and run in their own otherwise.
 */
public final class JdbcDeadLetters implements DeadLetters {

    /** Written as the type of a replayed message that arrived without {@code rm-type}: the outbox needs one. */
    static final String UNKNOWN_TYPE = "";

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transaction;

    private final OutboxDialect dialect;

    private final JdbcOutboxWriter outbox;

    private final Clock clock;

    private final String table;

    private final String resolve;

    public JdbcDeadLetters(OutboxDatabase database, Clock clock) {
        OutboxTables tables = database.tables();
        this.jdbc = database.jdbc();
        this.transaction = database.newTransaction();
        this.dialect = database.dialect();
        this.outbox = new JdbcOutboxWriter(database);
        this.clock = clock;
        this.table = tables.deadLetter();
        this.resolve = "UPDATE " + table + " SET status = ?, resolved_at = ?, edited_at = ? WHERE id = ? "
                + "AND status = '" + Status.DEAD.name() + "'";
    }

    @Override
    public List<DeadLetter> list(DeadLetterQuery query) {
        Filter filter = Filter.of(query, true);
        return jdbc.query("SELECT * FROM " + table + filter.where() + " ORDER BY id LIMIT " + query.limit(),
                this::deadLetter, filter.arguments());
    }

    @Override
    public Optional<DeadLetter> find(long id) {
        return jdbc.query("SELECT * FROM " + table + " WHERE id = ?", this::deadLetter, id).stream().findFirst();
    }

    @Override
    public long count(DeadLetterQuery query) {
        Filter filter = Filter.of(query, false);
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table + filter.where(), Long.class,
                filter.arguments());
        return count == null ? 0 : count;
    }

    @Override
    public int replay(DeadLetterQuery query) {
        return resolveAll(query, this::replayInTransaction);
    }

    @Override
    public boolean replay(long id) {
        return Boolean.TRUE.equals(transaction.execute(status -> replayInTransaction(id)));
    }

    @Override
    public boolean replayEdited(long id, byte[] payload) {
        return Boolean.TRUE.equals(transaction.execute(status -> replayInTransaction(id, payload)));
    }

    @Override
    public int skip(DeadLetterQuery query) {
        return resolveAll(query, this::skipInTransaction);
    }

    @Override
    public boolean skip(long id) {
        return Boolean.TRUE.equals(transaction.execute(status -> skipInTransaction(id)));
    }

    private int resolveAll(DeadLetterQuery query, LongPredicate action) {
        if (query.status() != Status.DEAD) {
            throw new IllegalArgumentException("Only dead letters can be replayed or skipped, but the query asks for "
                    + query.status() + " ones");
        }
        Filter filter = Filter.of(query, true);
        List<Long> ids = jdbc.query("SELECT id FROM " + table + filter.where() + " ORDER BY id LIMIT "
                + query.limit(), (row, rowNumber) -> row.getLong("id"), filter.arguments());
        Integer resolved = transaction.execute(status -> {
            int count = 0;
            for (long id : ids) {
                count += action.test(id) ? 1 : 0;
            }
            return count;
        });
        return resolved == null ? 0 : resolved;
    }

    /**
     * Marks the letter first: the conditional update locks its row, so of two concurrent replays
     * only one finds it dead and writes the outbox row.
     */
    private boolean replayInTransaction(long id) {
        return replayInTransaction(id, null);
    }

    /** Replays the letter as it failed, or with {@code editedPayload} instead of its own. */
    private boolean replayInTransaction(long id, byte @Nullable [] editedPayload) {
        Instant now = clock.instant();
        if (!mark(id, Status.REPLAYED, now, editedPayload != null)) {
            return false;
        }
        DeadLetter letter = find(id).orElseThrow(() -> new IllegalStateException("Dead letter " + id
                + " vanished while being replayed"));
        outbox.write(new OutboxEntry(MessageIds.next(now), Subscription.retryTopic(letter.topic(), letter.group()),
                letter.key(), letter.type() != null ? letter.type() : UNKNOWN_TYPE, replayHeaders(letter),
                editedPayload != null ? editedPayload : letter.payload(), now, null, null));
        return true;
    }

    private boolean skipInTransaction(long id) {
        return mark(id, Status.SKIPPED, clock.instant(), false);
    }

    private boolean mark(long id, Status status, Instant now, boolean edited) {
        return jdbc.update(resolve, statement -> {
            statement.setString(1, status.name());
            dialect.setInstant(statement, 2, now);
            dialect.setInstant(statement, 3, edited ? now : null);
            statement.setLong(4, id);
        }) == 1;
    }

    /**
     * The application headers of the letter and the id idempotency guards know it by: the id of
     * the first message, when the letter was itself a replay.
     */
    private static Map<String, String> replayHeaders(DeadLetter letter) {
        Map<String, String> headers = new LinkedHashMap<>();
        letter.headers().forEach((name, value) -> {
            if (!name.startsWith(ReliableHeaders.PREFIX)) {
                headers.put(name, value);
            }
        });
        String originalId = letter.headers().getOrDefault(ReliableHeaders.ORIGINAL_ID, letter.messageId());
        if (originalId != null) {
            headers.put(ReliableHeaders.ORIGINAL_ID, originalId);
        }
        return headers;
    }

    private DeadLetter deadLetter(ResultSet row, int rowNumber) throws SQLException {
        return new DeadLetter(row.getLong("id"), row.getString("group_name"), row.getString("topic"),
                row.getString("msg_key"), row.getString("message_id"), row.getString("type"),
                HeadersJson.read(row.getString("headers")), row.getBytes("payload"), row.getString("error_class"),
                row.getString("error_message"), row.getString("stack_excerpt"), row.getInt("attempts"),
                dialect.getRequiredInstant(row, "first_failed_at"), dialect.getRequiredInstant(row, "last_failed_at"),
                Status.valueOf(row.getString("status")), dialect.getInstant(row, "resolved_at"));
    }

    /** The WHERE clause of a query and its arguments, with or without its page position. */
    private record Filter(String where, Object[] arguments) {

        static Filter of(DeadLetterQuery query, boolean paged) {
            StringBuilder where = new StringBuilder(" WHERE status = ?");
            List<Object> arguments = new ArrayList<>(List.of(query.status().name()));
            if (query.group() != null) {
                where.append(" AND group_name = ?");
                arguments.add(query.group());
            }
            if (query.topic() != null) {
                where.append(" AND topic = ?");
                arguments.add(query.topic());
            }
            if (paged) {
                where.append(" AND id > ?");
                arguments.add(query.afterId());
            }
            return new Filter(where.toString(), arguments.toArray());
        }
    }
}
