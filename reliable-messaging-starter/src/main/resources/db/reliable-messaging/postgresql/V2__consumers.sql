-- Reliable Messaging consumer tables. ${prefix} is the configured table prefix (default rm_).

-- Messages each consumer group has processed: the JDBC idempotency guard inserts the row in the
-- handler's transaction, so the effect and the marker commit or roll back together.
CREATE TABLE ${prefix}processed_message (
    group_name   VARCHAR(255) NOT NULL,
    message_id   VARCHAR(64)  NOT NULL,
    processed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (group_name, message_id)
);

CREATE INDEX ${prefix}processed_message_at_ix ON ${prefix}processed_message (processed_at);

-- Messages a listener gave up on, kept for inspection and replay.
CREATE TABLE ${prefix}dead_letter (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_name     VARCHAR(255)  NOT NULL,
    topic          VARCHAR(249)  NOT NULL,
    msg_key        VARCHAR(255),
    message_id     VARCHAR(64),
    type           VARCHAR(255),
    headers        TEXT,
    payload        BYTEA NOT NULL,
    error_class    VARCHAR(500)  NOT NULL,
    error_message  VARCHAR(4000),
    stack_excerpt  TEXT,
    attempts       INTEGER       NOT NULL,
    first_failed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_failed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    status         VARCHAR(8)    NOT NULL,
    resolved_at    TIMESTAMP WITH TIME ZONE
);

CREATE INDEX ${prefix}dead_letter_group_ix ON ${prefix}dead_letter (group_name, status, id);
