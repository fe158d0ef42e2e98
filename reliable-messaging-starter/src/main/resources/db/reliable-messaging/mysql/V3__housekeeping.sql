-- Reliable Messaging housekeeping. ${prefix} is the configured table prefix (default rm_).

-- Per topic, the highest last_seq of a key row deleted for being idle. A key row created again
-- starts above it, so each key's sequence keeps increasing (see IdleKeyCleaner in outbox-relay).
CREATE TABLE ${prefix}outbox_seq_floor (
    topic     VARCHAR(249) NOT NULL PRIMARY KEY,
    seq_floor BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- When a row became DEAD (UTC, like the other outbox times), for its retention; rows already dead
-- count from this migration.
ALTER TABLE ${prefix}outbox ADD COLUMN dead_at DATETIME(6) NULL;
UPDATE ${prefix}outbox SET dead_at = UTC_TIMESTAMP(6) WHERE status = 'DEAD';

-- Replayed and skipped letters past their retention.
CREATE INDEX ${prefix}dead_letter_resolved_ix ON ${prefix}dead_letter (resolved_at);
