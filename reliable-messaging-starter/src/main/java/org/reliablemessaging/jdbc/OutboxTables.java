package org.reliablemessaging.jdbc;

import java.util.regex.Pattern;

/**
 * The names of the outbox tables for one table prefix; the prefix is validated here because it is
 * spliced into SQL.
 *
 * @param prefix table prefix, lower case letters, digits and underscores, starting with a letter
 */
public record OutboxTables(String prefix) {

    /** The prefix used unless configured otherwise. */
    public static final String DEFAULT_PREFIX = "rm_";

    private static final Pattern VALID_PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,29}");

    public OutboxTables {
        if (prefix == null || !VALID_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Invalid outbox table prefix '" + prefix + "': use 1 to 30 lower-case "
                    + "letters, digits or underscores, starting with a letter (for example 'rm_' or 'billing_rm_').");
        }
    }

    /** Tables with the default prefix {@value #DEFAULT_PREFIX}. */
    public static OutboxTables withDefaultPrefix() {
        return new OutboxTables(DEFAULT_PREFIX);
    }

    public String outbox() {
        return prefix + "outbox";
    }

    public String outboxKey() {
        return prefix + "outbox_key";
    }

    /** Per topic, the highest sequence that a deleted key row had reached. */
    public String outboxSeqFloor() {
        return prefix + "outbox_seq_floor";
    }

    public String relayLease() {
        return prefix + "relay_lease";
    }

    public String relayInstance() {
        return prefix + "relay_instance";
    }

    /** Messages each consumer group processed (the JDBC idempotency guard). */
    public String processedMessage() {
        return prefix + "processed_message";
    }

    /** The epoch each Redis idempotency guard accepted, to notice a Redis that lost its data. */
    public String guardEpoch() {
        return prefix + "guard_epoch";
    }

    /** Messages listeners gave up on. */
    public String deadLetter() {
        return prefix + "dead_letter";
    }

    /** Keys that listeners hold back while they retry a message, with operators' requests to dead-letter it. */
    public String heldKey() {
        return prefix + "held_key";
    }

    /** Actions taken through the operations console. */
    public String consoleAudit() {
        return prefix + "console_audit";
    }

    /** Which dead letters each console action changed. */
    public String consoleAuditLetter() {
        return prefix + "console_audit_letter";
    }

    /** Flyway's history table for the product's own migrations, apart from the application's. */
    public String schemaHistory() {
        return prefix + "schema_history";
    }

    /** The PostgreSQL channel notified when outbox rows commit. */
    public String notifyChannel() {
        return prefix + "outbox";
    }
}
