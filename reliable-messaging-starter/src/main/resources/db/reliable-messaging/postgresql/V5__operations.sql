-- Reliable Messaging operations: failure groups, edited replays, held keys, the console's audit.
-- ${prefix} is the configured table prefix (default rm_).

-- A fingerprint of a letter's cause (see FailureFingerprint), to group letters by defect. Letters
-- stored before this migration get theirs from the console when it starts.
ALTER TABLE ${prefix}dead_letter ADD COLUMN failure_group VARCHAR(16);
-- When a letter was replayed with an edited payload (its own payload stays as it failed).
ALTER TABLE ${prefix}dead_letter ADD COLUMN edited_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX ${prefix}dead_letter_failure_ix ON ${prefix}dead_letter (failure_group, status);
CREATE INDEX ${prefix}dead_letter_status_ix ON ${prefix}dead_letter (status, id);

-- Keys listeners hold back while they retry a failing message, one row per message being retried,
-- written on the retry path only and deleted when the key moves on. A row of an instance that died
-- expires. An operator's request to dead-letter the message now is written into the row, where the
-- instance that holds it finds it while it waits for the next attempt.
CREATE TABLE ${prefix}held_key (
    id                       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_name               VARCHAR(255) NOT NULL,
    topic                    VARCHAR(249) NOT NULL,
    msg_key                  VARCHAR(255),
    message_id               VARCHAR(64),
    instance_id              VARCHAR(200) NOT NULL,
    attempts                 INTEGER      NOT NULL,
    since                    TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error               VARCHAR(2000),
    dead_letter_requested_at TIMESTAMP WITH TIME ZONE,
    dead_letter_requested_by VARCHAR(255),
    dead_letter_reason       VARCHAR(1000)
);

CREATE INDEX ${prefix}held_key_key_ix ON ${prefix}held_key (group_name, topic, msg_key);
CREATE INDEX ${prefix}held_key_expires_ix ON ${prefix}held_key (expires_at);

-- Every action taken through the operations console: who, when, what, on what, how many, why.
CREATE TABLE ${prefix}console_audit (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    acted_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    actor      VARCHAR(255) NOT NULL,
    action     VARCHAR(40)  NOT NULL,
    target     TEXT         NOT NULL,
    changed    BIGINT       NOT NULL,
    reason     VARCHAR(1000),
    details    TEXT
);

-- The dead letters each action changed: a letter's history.
CREATE TABLE ${prefix}console_audit_letter (
    dead_letter_id BIGINT NOT NULL,
    audit_id       BIGINT NOT NULL,
    PRIMARY KEY (dead_letter_id, audit_id)
);
