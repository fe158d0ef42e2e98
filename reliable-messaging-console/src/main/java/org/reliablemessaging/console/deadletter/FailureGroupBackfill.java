package org.reliablemessaging.console.deadletter;

import java.util.List;

import org.reliablemessaging.console.ConsoleDatabase;
import org.reliablemessaging.jdbc.FailureFingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the dead letters stored before failure groups existed their fingerprint, from the class,
 * message and stack stored with them, in batches of short transactions.
 */
public final class FailureGroupBackfill {

    private static final Logger log = LoggerFactory.getLogger(FailureGroupBackfill.class);

    private static final int BATCH = 500;

    private final ConsoleDatabase db;

    public FailureGroupBackfill(ConsoleDatabase db) {
        this.db = db;
    }

    /** {@link #run()}, logging a failure: a letter without a fingerprint is still listed, just not grouped. */
    public void runLogged() {
        try {
            run();
        }
        catch (RuntimeException ex) {
            log.warn("Could not give old dead letters their failure group; they are listed but not grouped until the "
                    + "console starts again: {}", ex.toString());
        }
    }

    /**
     * Fingerprints every letter that has none.
     * @return how many
     */
    public long run() {
        String table = db.tables().deadLetter();
        long done = 0;
        int batch;
        do {
            List<Object[]> updates = db.jdbc().query("SELECT id, error_class, error_message, stack_excerpt FROM " + table
                    + " WHERE failure_group IS NULL ORDER BY id LIMIT " + BATCH, (row, n) -> {
                        FailureFingerprint fingerprint = ConsoleDatabase.fingerprint(row.getString("error_class"),
                                row.getString("error_message"), row.getString("stack_excerpt"));
                        return new Object[] { fingerprint.fingerprint(), row.getLong("id") };
                    });
            batch = updates.size();
            if (batch > 0) {
                db.inTransaction(() -> db.jdbc().batchUpdate("UPDATE " + table + " SET failure_group = ? WHERE id = ? "
                        + "AND failure_group IS NULL", updates));
            }
            done += batch;
        } while (batch == BATCH);
        if (done > 0) {
            log.info("Gave {} dead letters stored before failure groups existed their failure group", done);
        }
        return done;
    }
}
