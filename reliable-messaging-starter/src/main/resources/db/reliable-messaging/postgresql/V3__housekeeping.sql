-- Reliable Messaging housekeeping. ${prefix} is the configured table prefix (default rm_).

-- Per topic, the highest last_seq of a key row deleted for being idle. A key row created again
-- starts above it, so each key's sequence keeps increasing (see IdleKeyCleaner in outbox-relay).
CREATE TABLE ${prefix}outbox_seq_floor (
    topic     VARCHAR(249) PRIMARY KEY,
    seq_floor BIGINT       NOT NULL
);

-- When a row became DEAD, for its retention; rows already dead count from this migration.
ALTER TABLE ${prefix}outbox ADD COLUMN dead_at TIMESTAMP WITH TIME ZONE;
UPDATE ${prefix}outbox SET dead_at = CURRENT_TIMESTAMP WHERE status = 'DEAD';

-- Replayed and skipped letters past their retention.
CREATE INDEX ${prefix}dead_letter_resolved_ix ON ${prefix}dead_letter (resolved_at);
