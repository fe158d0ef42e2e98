-- Reliable Messaging outbox schema, PostgreSQL. ${prefix} is the configured table prefix (default rm_).

CREATE TABLE ${prefix}outbox (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id   CHAR(36)                 NOT NULL,
    topic        VARCHAR(249)             NOT NULL,
    msg_key      VARCHAR(255),
    key_hash     INTEGER                  NOT NULL,
    seq          BIGINT                   NOT NULL,
    type         VARCHAR(255)             NOT NULL,
    headers      TEXT,
    payload      BYTEA                    NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    available_at TIMESTAMP WITH TIME ZONE,
    expires_at   TIMESTAMP WITH TIME ZONE,
    attempts     INTEGER                  NOT NULL DEFAULT 0,
    last_error   VARCHAR(2000),
    status       VARCHAR(8)               NOT NULL DEFAULT 'PENDING',
    sent_at      TIMESTAMP WITH TIME ZONE,
    CONSTRAINT ${prefix}outbox_message_id_uk UNIQUE (message_id)
);

-- available_at is NULL for a message deliverable as soon as it commits, and set for a delayed
-- message or a retry. A time taken before commit must not decide whether a row is visible to the
-- relay: writers of one key may take their times in one order and commit in another.

-- The relay's hot path reads pending rows in id order; partial indexes keep it small however
-- much sent history is retained.
CREATE INDEX ${prefix}outbox_pending_ix ON ${prefix}outbox (id) WHERE status = 'PENDING';
CREATE INDEX ${prefix}outbox_sent_ix ON ${prefix}outbox (sent_at) WHERE status = 'SENT';
-- Rows that hold their key back (retrying or dead): where the hold goes when a holder is sent.
CREATE INDEX ${prefix}outbox_blocking_ix ON ${prefix}outbox (topic, msg_key, id) WHERE attempts > 0 OR status = 'DEAD';

-- One row per ordering key: the publish path increments last_seq, which locks the row until commit
-- and so makes id order equal commit order for one key. held_by is the outbox id that holds the key
-- back (a retry in progress, or a dead message while later ones wait).
CREATE TABLE ${prefix}outbox_key (
    topic      VARCHAR(249)             NOT NULL,
    msg_key    VARCHAR(255)             NOT NULL,
    last_seq   BIGINT                   NOT NULL,
    held_by    BIGINT,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (topic, msg_key)
);

-- Relay shards and the instances that share them; times are the database's clock.
CREATE TABLE ${prefix}relay_lease (
    shard      INTEGER PRIMARY KEY,
    owner      VARCHAR(200),
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE ${prefix}relay_instance (
    instance_id VARCHAR(200) PRIMARY KEY,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
