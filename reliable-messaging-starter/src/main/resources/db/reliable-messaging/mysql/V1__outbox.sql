-- Reliable Messaging outbox schema, MySQL and MariaDB. ${prefix} is the configured table prefix (default rm_).
-- Outbox times are UTC DATETIMEs written by the application; lease times are TIMESTAMPs of the server's clock.
-- Binary collation: keys and topics are case-sensitive, as on every broker.

CREATE TABLE ${prefix}outbox (
    id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    message_id   CHAR(36)      NOT NULL,
    topic        VARCHAR(249)  NOT NULL,
    msg_key      VARCHAR(255)  NULL,
    key_hash     INT           NOT NULL,
    seq          BIGINT        NOT NULL,
    type         VARCHAR(255)  NOT NULL,
    headers      TEXT          NULL,
    payload      LONGBLOB      NOT NULL,
    created_at   DATETIME(6)   NOT NULL,
    available_at DATETIME(6)   NULL,
    expires_at   DATETIME(6)   NULL,
    attempts     INT           NOT NULL DEFAULT 0,
    last_error   VARCHAR(2000) NULL,
    status       VARCHAR(8)    NOT NULL DEFAULT 'PENDING',
    sent_at      DATETIME(6)   NULL,
    UNIQUE KEY ${prefix}outbox_message_id_uk (message_id),
    KEY ${prefix}outbox_pending_ix (status, id),
    KEY ${prefix}outbox_sent_ix (status, sent_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE ${prefix}outbox_key (
    topic      VARCHAR(249) NOT NULL,
    msg_key    VARCHAR(255) NOT NULL,
    last_seq   BIGINT       NOT NULL,
    held_by    BIGINT       NULL,
    updated_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (topic, msg_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE ${prefix}relay_lease (
    shard      INT          NOT NULL PRIMARY KEY,
    owner      VARCHAR(200) NULL,
    expires_at TIMESTAMP(6) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE ${prefix}relay_instance (
    instance_id VARCHAR(200) NOT NULL PRIMARY KEY,
    expires_at  TIMESTAMP(6) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
